"""Trains the Fashion-MNIST classifier that judges the diffusion model's samples.

    python3 training/train_classifier.py --out training/runs/classifier --epochs 8
"""
import argparse
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from classifier import Classifier
from common import Clock, hardware, pick_device, write_json
import fashion_mnist


@torch.no_grad()
def accuracy(model, x, y, device) -> float:
    model.eval()
    correct = sum((model(x[i : i + 1000].to(device)).argmax(1).cpu() == y[i : i + 1000]).sum().item() for i in range(0, len(x), 1000))
    model.train()
    return correct / len(x)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="training/runs/classifier")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    device = pick_device()
    torch.manual_seed(args.seed)
    images, labels = fashion_mnist.load("train")
    test_images, test_labels = fashion_mnist.load("t10k")
    x = torch.from_numpy(fashion_mnist.to_model_range(images))
    y = torch.from_numpy(labels.astype(np.int64))
    x_test = torch.from_numpy(fashion_mnist.to_model_range(test_images))
    y_test = torch.from_numpy(test_labels.astype(np.int64))
    model = Classifier().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = args.epochs * (len(x) // args.batch)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=steps)
    log = {"args": vars(args), "hardware": hardware(device), "steps": [], "evals": []}
    clock = Clock()
    step = 0
    for epoch in range(args.epochs):
        order = torch.randperm(len(x))
        for i in range(0, len(x) - args.batch + 1, args.batch):
            idx = order[i : i + args.batch]
            batch = x[idx]
            # a pixel shift of up to 2 in each direction: cheap augmentation that helps on held-out images
            dx, dy = np.random.randint(-2, 3, size=2)
            batch = torch.roll(batch, shifts=(int(dy), int(dx)), dims=(2, 3))
            loss = F.cross_entropy(model(batch.to(device)), y[idx].to(device))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            step += 1
            if step % 50 == 0:
                log["steps"].append({"step": step, "seconds": round(clock.seconds(), 1), "loss": round(loss.item(), 4)})
        acc = accuracy(model, x_test, y_test, device)
        log["evals"].append({"epoch": epoch + 1, "step": step, "seconds": round(clock.seconds(), 1), "test_accuracy": round(acc, 4)})
        print(f"epoch {epoch + 1}: test accuracy {acc:.4f} ({clock.seconds():.0f} s)", flush=True)
    log["test_accuracy"] = log["evals"][-1]["test_accuracy"]
    log["total_seconds"] = round(clock.seconds(), 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), out / "model.pt")
    write_json(out / "log.json", log)


if __name__ == "__main__":
    main()
