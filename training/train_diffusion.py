"""Trains the class-conditional UNet on Fashion-MNIST to predict noise (DDPM), with label dropout for
classifier-free guidance and an exponential moving average of the weights (the EMA weights are the ones shipped),
then measures sample quality with the trained classifier.

    python3 training/train_diffusion.py --out training/runs/diffusion --minutes 30 --judge training/runs/classifier/model.pt
"""
import argparse
import copy
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from classifier import Classifier
from common import Clock, autocast, hardware, pick_device, write_json
import ddpm
import fashion_mnist
from unet import UNet


@torch.no_grad()
def judge(model, classifier, device, per_class: int, guidance: float, seed: int):
    """Fraction of class-conditional samples the classifier assigns to the class they were asked for."""
    generator = torch.Generator(device="cpu").manual_seed(seed)
    y = torch.arange(10).repeat_interleave(per_class).to(device)
    x_T = torch.randn(len(y), 1, 28, 28, generator=generator).to(device)
    noises = torch.randn(ddpm.T, len(y), 1, 28, 28, generator=generator).to(device)
    results = {}
    for name, sample in [("ddpm_1000", lambda: ddpm.ddpm_sample(model, y, guidance, noises, x_T)),
                         ("ddim_50", lambda: ddpm.ddim_sample(model, y, guidance, 50, x_T))]:
        x = sample().clamp(-1, 1)
        results[name] = round((classifier(x).argmax(1) == y).float().mean().item(), 4)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="training/runs/diffusion")
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--label-dropout", type=float, default=0.1)
    parser.add_argument("--ema", type=float, default=0.999)
    parser.add_argument("--judge", default="training/runs/classifier/model.pt", help="classifier checkpoint for the quality measure")
    parser.add_argument("--judge-per-class", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    device = pick_device()
    torch.manual_seed(args.seed)
    images, labels = fashion_mnist.load("train")
    x_all = torch.from_numpy(fashion_mnist.to_model_range(images)).to(device)
    y_all = torch.from_numpy(labels.astype(np.int64)).to(device)
    _, alpha_bar = ddpm.linear_schedule(device)
    model = UNet().to(device)
    ema = copy.deepcopy(model).eval()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.0)
    log = {"args": vars(args), "hardware": hardware(device), "schedule": {"T": ddpm.T, "beta_start": ddpm.BETA_START, "beta_end": ddpm.BETA_END}, "steps": []}
    clock = Clock()
    budget = args.minutes * 60
    step = 0
    while clock.seconds() < budget:
        # warm up, then hold, then decay the learning rate over the last fifth of the time
        fraction = clock.seconds() / budget
        lr = args.lr * min(1.0, (step + 1) / 500) * (1.0 if fraction < 0.8 else max(0.05, (1 - fraction) / 0.2))
        for group in optimizer.param_groups:
            group["lr"] = lr
        idx = torch.randint(0, len(x_all), (args.batch,), device=device)
        x0, y = x_all[idx], y_all[idx]
        y = torch.where(torch.rand(args.batch, device=device) < args.label_dropout, torch.full_like(y, ddpm.NULL_CLASS), y)
        t = torch.randint(0, ddpm.T, (args.batch,), device=device)
        noise = torch.randn_like(x0)
        with autocast(device):
            loss = F.mse_loss(model(ddpm.add_noise(x0, noise, t, alpha_bar), t, y).float(), noise)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        with torch.no_grad():
            decay = min(args.ema, (1 + step) / (10 + step))
            for e, p in zip(ema.parameters(), model.parameters()):
                e.mul_(decay).add_(p.detach(), alpha=1 - decay)
        step += 1
        if step % 50 == 0:
            log["steps"].append({"step": step, "images": step * args.batch, "seconds": round(clock.seconds(), 1), "loss": round(loss.item(), 5), "lr": round(lr, 6)})
        if step % 1000 == 0:
            print(f"step {step} loss {loss.item():.4f} ({clock.seconds():.0f} s)", flush=True)
    log["total_steps"] = step
    log["total_seconds"] = round(clock.seconds(), 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.save(ema.state_dict(), out / "model.pt")
    if Path(args.judge).exists():
        classifier = Classifier().to(device).eval()
        classifier.load_state_dict(torch.load(args.judge, map_location=device))
        judged = clock.seconds()
        log["quality"] = {"guidance": 2.0, "samples": 10 * args.judge_per_class,
                          "classified_as_asked": judge(ema, classifier, device, args.judge_per_class, 2.0, args.seed + 1),
                          "seconds": None}
        log["quality"]["seconds"] = round(clock.seconds() - judged, 1)
        print(f"quality at guidance 2: {log['quality']['classified_as_asked']}", flush=True)
    write_json(out / "log.json", log)


if __name__ == "__main__":
    main()
