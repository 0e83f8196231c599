"""What the training scripts share: the device, threads, timing and JSON logs."""
import json
import os
import platform
import time
from pathlib import Path

import torch


def pick_device() -> torch.device:
    if torch.cuda.is_available():
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        return torch.device("cuda")
    # Debian's torch on 2 cores: use both, explicitly (see training/README.md for the BLAS that makes this fast).
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", os.cpu_count() or 1)))
    return torch.device("cpu")


def autocast(device: torch.device):
    """bf16 autocast on a GPU; full precision on the CPU, where it is not faster."""
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return torch.autocast("cpu", enabled=False)


def hardware(device: torch.device) -> str:
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(0)}, torch {torch.__version__}"
    return f"{platform.processor() or platform.machine()} ({torch.get_num_threads()} threads), torch {torch.__version__}"


class Clock:
    def __init__(self):
        self.start = time.time()

    def seconds(self) -> float:
        return time.time() - self.start


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n")
