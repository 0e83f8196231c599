"""A model file as a manifest names it: its name, its size and its SHA-256. The page's loader checks both, so a
truncated or corrupted download is named as such instead of running with wrong weights."""
import hashlib
from pathlib import Path


def model_file(path: Path) -> dict:
    data = path.read_bytes()
    return {"file": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
