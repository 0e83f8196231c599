"""Trains the course's GPT on a tokenized corpus (see tokenize_corpus.ts) and keeps the best checkpoint.

    python3 training/train_gpt.py --data training/data/kjv --out training/runs/gpt --minutes 30

Writes to --out: model.pt (the weights with the best validation loss) and log.json (loss every 10 steps, the
validation curve, timing, hardware).
"""
import argparse
import json
import math
from pathlib import Path

import numpy as np
import torch

from common import Clock, autocast, hardware, pick_device, write_json
from gpt import GPT, GPTConfig

BLOCK = 4096  # the corpus is cut in blocks of this many tokens; every VAL_EVERY-th block is held out
VAL_EVERY = 10


def split(tokens: np.ndarray):
    blocks = [tokens[i : i + BLOCK] for i in range(0, len(tokens), BLOCK)]
    val = [b for i, b in enumerate(blocks) if i % VAL_EVERY == VAL_EVERY - 1]
    train = [b for i, b in enumerate(blocks) if i % VAL_EVERY != VAL_EVERY - 1]
    return train, val


def batches(blocks, batch: int, length: int, rng: np.random.Generator):
    """Random windows of length+1 tokens, each inside one block, so no window spans the held-out text."""
    sizes = np.array([len(b) - length - 1 for b in blocks])
    weights = np.clip(sizes, 0, None) / np.clip(sizes, 0, None).sum()
    while True:
        which = rng.choice(len(blocks), size=batch, p=weights)
        rows = [blocks[w][s : s + length + 1] for w, s in zip(which, rng.integers(0, sizes[which] + 1))]
        yield torch.from_numpy(np.stack(rows).astype(np.int64))


@torch.no_grad()
def evaluate(model: GPT, blocks, length: int, device, max_windows: int = 400) -> float:
    """Mean cross-entropy over fixed, non-overlapping windows of the held-out blocks."""
    model.eval()
    windows = [b[s : s + length + 1] for b in blocks for s in range(0, len(b) - length - 1, length)][:max_windows]
    total, count = 0.0, 0
    for i in range(0, len(windows), 64):
        x = torch.from_numpy(np.stack(windows[i : i + 64]).astype(np.int64)).to(device)
        with autocast(device):
            total += model.loss(x[:, :-1], x[:, 1:]).item() * len(x)
        count += len(x)
    model.train()
    return total / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="training/data/kjv", help="path without extension of .tokens.bin and .vocab.json")
    parser.add_argument("--out", default="training/runs/gpt")
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--max-steps", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--eval-every", type=int, default=250)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--heads", type=int, default=6)
    parser.add_argument("--width", type=int, default=192)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    device = pick_device()
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    tokens = np.fromfile(f"{args.data}.tokens.bin", dtype=np.uint16)
    vocab = json.loads(Path(f"{args.data}.vocab.json").read_text())
    config = GPTConfig(vocab_size=len(vocab["gpt2Ids"]) + 2, n_layer=args.layers, n_head=args.heads, d_model=args.width, dropout=args.dropout)
    train, val = split(tokens)
    model = GPT(config).to(device)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95))
    budget = args.minutes * 60
    warmup = 200

    def lr_at(fraction: float, step: int) -> float:
        if step < warmup:
            return args.lr * (step + 1) / warmup
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, fraction))))

    log = {"config": vars(config), "args": vars(args), "hardware": hardware(device), "train_tokens": int(sum(map(len, train))),
           "val_tokens": int(sum(map(len, val))), "steps": [], "evals": []}
    clock = Clock()
    best = float("inf")
    stream = batches(train, args.batch, config.context_length, rng)
    step = 0
    while step < args.max_steps and clock.seconds() < budget:
        for group in optimizer.param_groups:
            group["lr"] = lr_at(clock.seconds() / budget, step)
        batch = next(stream).to(device)
        with autocast(device):
            loss = model.loss(batch[:, :-1], batch[:, 1:])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        seen = step * args.batch * config.context_length
        if step % 10 == 0:
            log["steps"].append({"step": step, "tokens": seen, "seconds": round(clock.seconds(), 2), "loss": round(loss.item(), 4)})
        if step % args.eval_every == 0:
            val_loss = evaluate(model, val, config.context_length, device)
            log["evals"].append({"step": step, "tokens": seen, "seconds": round(clock.seconds(), 1), "train_loss": round(loss.item(), 4),
                                 "val_loss": round(val_loss, 4), "val_perplexity": round(math.exp(val_loss), 3)})
            print(f"step {step} tokens {seen} train {loss.item():.3f} val {val_loss:.3f} ppl {math.exp(val_loss):.2f} ({clock.seconds():.0f} s)", flush=True)
            if val_loss < best:
                best = val_loss
                torch.save(model.state_dict(), out / "model.pt")
                log["best"] = log["evals"][-1]
            write_json(out / "log.json", log)
    log["total_steps"] = step
    log["total_seconds"] = round(clock.seconds(), 1)
    write_json(out / "log.json", log)
    print(f"done: {step} steps in {clock.seconds():.0f} s; best val perplexity {math.exp(best):.2f}", flush=True)


if __name__ == "__main__":
    main()
