"""Writes test/fixtures/learning-{transformer,denoiser}.{json,bin}: one training step of the small causal Transformer
and of the 2-D MLP denoiser in PyTorch, for src/learning (our own autograd) to reproduce; and learning-lstm: the
logits of PyTorch's nn.LSTM under given weights, which src/learning/models/lstm.ts must give too.

Each model is written here as plain tensor code that mirrors src/learning/models line for line: the same parameter
names, weights stored [fan_in, fan_out] (x @ W, not nn.Linear's W x). The fixture fixes the initial weights and a
batch, and records the loss, a few gradients, the gradient's norm before clipping, and every weight after one AdamW
step taken on the clipped gradient. Run from the repository root:
    bash training/py.sh training/learning_fixture.py
"""
import math
from pathlib import Path

import torch
import torch.nn.functional as F

from tensors import write_tensors

FIXTURES = Path(__file__).resolve().parent.parent / "test" / "fixtures"
ADAMW = {"lr": 1e-2, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.1}
# below the gradient norms of both models' first steps, so the step is clipped
MAX_NORM = 0.5


def linear(p, name, x):
    return x @ p[f"{name}.weight"] + p[f"{name}.bias"]


def norm(p, name, x):
    return F.layer_norm(x, x.shape[-1:], p[f"{name}.weight"], p[f"{name}.bias"], eps=1e-5)


def transformer_params(vocab, context, d, layers, generator):
    shapes = {"tokenEmbedding": [vocab, d], "positionEmbedding": [context, d]}
    for l in range(layers):
        shapes[f"blocks.{l}.norm1.weight"] = shapes[f"blocks.{l}.norm1.bias"] = [d]
        for part in ["query", "key", "value", "output"]:
            shapes[f"blocks.{l}.attention.{part}.weight"] = [d, d]
            shapes[f"blocks.{l}.attention.{part}.bias"] = [d]
        shapes[f"blocks.{l}.norm2.weight"] = shapes[f"blocks.{l}.norm2.bias"] = [d]
        shapes[f"blocks.{l}.feedForward.up.weight"] = [d, 4 * d]
        shapes[f"blocks.{l}.feedForward.up.bias"] = [4 * d]
        shapes[f"blocks.{l}.feedForward.down.weight"] = [4 * d, d]
        shapes[f"blocks.{l}.feedForward.down.bias"] = [d]
    shapes["finalNorm.weight"] = shapes["finalNorm.bias"] = [d]
    shapes["output.weight"] = [d, vocab]
    shapes["output.bias"] = [vocab]
    # random everywhere, LayerNorm's γ around 1, so no gradient is trivially zero or one
    return {
        name: (torch.randn(shape, generator=generator) * 0.3
               + (1.0 if "orm" in name and name.endswith(".weight") else 0.0)).requires_grad_()
        for name, shape in shapes.items()
    }


def transformer_logits(p, inputs, layers, heads):
    batch, time = inputs.shape
    x = p["tokenEmbedding"][inputs] + p["positionEmbedding"][:time]
    d = x.shape[-1]
    mask = torch.ones(time, time, dtype=torch.bool).tril()
    for l in range(layers):
        h = norm(p, f"blocks.{l}.norm1", x)
        q, k, v = (linear(p, f"blocks.{l}.attention.{part}", h).view(batch, time, heads, d // heads).transpose(1, 2)
                   for part in ["query", "key", "value"])
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // heads)
        weights = scores.masked_fill(~mask, float("-inf")).softmax(-1)
        joined = (weights @ v).transpose(1, 2).reshape(batch, time, d)
        x = x + linear(p, f"blocks.{l}.attention.output", joined)
        h = norm(p, f"blocks.{l}.norm2", x)
        x = x + linear(p, f"blocks.{l}.feedForward.down",
                       F.gelu(linear(p, f"blocks.{l}.feedForward.up", h), approximate="tanh"))
    return linear(p, "output", norm(p, "finalNorm", x))


def sinusoidal(positions, d):
    """The table of src/positional/sinusoidal.ts: [sin(pos ω_0), cos(pos ω_0), sin(pos ω_1), ...]."""
    omega = 10000.0 ** (-2 * torch.arange(d // 2, dtype=torch.float64) / d)
    angles = torch.arange(positions, dtype=torch.float64)[:, None] * omega[None, :]
    return torch.stack([angles.sin(), angles.cos()], dim=-1).reshape(positions, d).float()


def denoiser_params(hidden, layers, d_time, generator):
    shapes = {}
    for l in range(layers):
        shapes[f"layers.{l}.weight"] = [2 + d_time if l == 0 else hidden, hidden]
        shapes[f"layers.{l}.bias"] = [hidden]
    shapes["output.weight"] = [hidden, 2]
    shapes["output.bias"] = [2]
    return {name: (torch.randn(shape, generator=generator) * 0.3).requires_grad_() for name, shape in shapes.items()}


def denoiser_loss(p, x0, t, noise, alpha_bars, times, layers):
    # x_t in closed form (Ho et al. 2020, eq. 4), then ε_θ(x_t, t) against ε (eq. 14)
    a = alpha_bars[t][:, None]
    xt = (a.sqrt() * x0.double() + (1 - a).sqrt() * noise.double()).float()
    h = torch.cat([xt, times[t]], dim=1)
    for l in range(layers):
        h = F.gelu(linear(p, f"layers.{l}", h), approximate="tanh")
    return F.mse_loss(linear(p, "output", h), noise)


def lstm_logits(vocab, d_embed, hidden, inputs, generator):
    """PyTorch's own nn.LSTM, with weights drawn here and stored as src/learning/models/lstm.ts names them."""
    module = torch.nn.LSTM(d_embed, hidden, batch_first=True)
    params = {"embedding": torch.randn(vocab, d_embed, generator=generator),
              "lstm.inputWeight": torch.randn(d_embed, 4 * hidden, generator=generator) * 0.3,
              "lstm.hiddenWeight": torch.randn(hidden, 4 * hidden, generator=generator) * 0.3,
              "lstm.bias": torch.randn(4 * hidden, generator=generator) * 0.3,
              "output.weight": torch.randn(hidden, vocab, generator=generator) * 0.3,
              "output.bias": torch.randn(vocab, generator=generator) * 0.3}
    with torch.no_grad():
        # nn.LSTM keeps W [4·hidden, in] with the gates in the order i, f, g, o, and two biases that add up
        module.weight_ih_l0.copy_(params["lstm.inputWeight"].T)
        module.weight_hh_l0.copy_(params["lstm.hiddenWeight"].T)
        module.bias_ih_l0.copy_(params["lstm.bias"])
        module.bias_hh_l0.zero_()
        states, _ = module(params["embedding"][inputs])
        logits = states @ params["output.weight"] + params["output.bias"]
    return {f"initial.{n}": v.numpy() for n, v in params.items()}, logits.numpy()


def one_step(params, loss_fn, recorded):
    """Loss, gradients, clipping and one AdamW step: the arrays the TypeScript must reproduce."""
    initial = {f"initial.{n}": v.detach().numpy().copy() for n, v in params.items()}
    optimizer = torch.optim.AdamW(params.values(), **ADAMW)
    loss = loss_fn()
    loss.backward()
    grads = {f"grad.{n}": params[n].grad.numpy().copy() for n in recorded}
    grad_norm = torch.nn.utils.clip_grad_norm_(params.values(), MAX_NORM)
    optimizer.step()
    after = {f"after.{n}": v.detach().numpy().copy() for n, v in params.items()}
    meta = {"loss": loss.item(), "gradNorm": grad_norm.item(), "maxNorm": MAX_NORM,
            "adamW": {**ADAMW, "betas": list(ADAMW["betas"])}, "gradients": recorded,
            "source": "training/learning_fixture.py"}
    return {**initial, **grads, **after}, meta


def main() -> None:
    generator = torch.Generator().manual_seed(16)

    config = {"vocab": 11, "context": 8, "d": 16, "layers": 2, "heads": 2, "batch": 3, "time": 8}
    params = transformer_params(config["vocab"], config["context"], config["d"], config["layers"], generator)
    tokens = torch.randint(0, config["vocab"], (config["batch"], config["time"] + 1), generator=generator)
    inputs, targets = tokens[:, :-1], tokens[:, 1:]
    logits = lambda: transformer_logits(params, inputs, config["layers"], config["heads"])
    arrays, meta = one_step(
        params,
        lambda: F.cross_entropy(logits().reshape(-1, config["vocab"]), targets.reshape(-1)),
        ["tokenEmbedding", "positionEmbedding", "blocks.0.attention.query.weight", "blocks.1.norm2.weight",
         "blocks.1.feedForward.down.weight", "output.weight"])
    write_tensors(FIXTURES / "learning-transformer",
                  {"inputs": inputs.int().numpy(), "targets": targets.int().numpy(), **arrays}, {**meta, **config})

    config = {"steps": 50, "hidden": 16, "layers": 3, "dTime": 8, "points": 12}
    params = denoiser_params(config["hidden"], config["layers"], config["dTime"], generator)
    # DDPM's linear schedule over `steps` steps, as src/diffusion/schedules.ts computes it
    betas = torch.linspace(1e-4, 0.02, config["steps"], dtype=torch.float64)
    alpha_bars = torch.cumprod(1 - betas, dim=0)
    x0 = torch.randn(config["points"], 2, generator=generator)
    t = torch.randint(0, config["steps"], (config["points"],), generator=generator)
    noise = torch.randn(config["points"], 2, generator=generator)
    times = sinusoidal(config["steps"], config["dTime"])
    arrays, meta = one_step(
        params,
        lambda: denoiser_loss(params, x0, t, noise, alpha_bars, times, config["layers"]),
        ["layers.0.weight", "layers.2.bias", "output.weight"])
    write_tensors(FIXTURES / "learning-denoiser",
                  {"x0": x0.numpy(), "t": t.int().numpy(), "noise": noise.numpy(), **arrays}, {**meta, **config})

    config = {"vocab": 9, "dEmbed": 5, "hidden": 6, "batch": 2, "time": 7}
    inputs = torch.randint(0, config["vocab"], (config["batch"], config["time"]), generator=generator)
    arrays, logits = lstm_logits(config["vocab"], config["dEmbed"], config["hidden"], inputs, generator)
    write_tensors(FIXTURES / "learning-lstm", {"inputs": inputs.int().numpy(), **arrays, "logits": logits},
                  {**config, "source": "training/learning_fixture.py"})
    print(f"wrote {FIXTURES}/learning-transformer, learning-denoiser and learning-lstm (.json, .bin)")


if __name__ == "__main__":
    main()
