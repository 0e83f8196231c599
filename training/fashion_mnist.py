"""Fashion-MNIST (Zalando, MIT licence) from Debian's dataset-fashion-mnist: the standard gzipped IDX files."""
import gzip
import os
from pathlib import Path

import numpy as np

DEFAULT_DIR = Path(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def load(split: str, directory: Path = DEFAULT_DIR):
    """(images uint8 [N, 28, 28], labels uint8 [N]) for split "train" or "t10k"."""
    with gzip.open(directory / f"{split}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(directory / f"{split}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    return images, labels


def to_model_range(images: np.ndarray) -> np.ndarray:
    """uint8 [N, 28, 28] -> float32 [N, 1, 28, 28] in [-1, 1], the scale both image models use."""
    return (images.astype(np.float32) / 127.5 - 1.0)[:, None]
