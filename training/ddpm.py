"""The DDPM noise schedule and the two samplers the lessons compare, in PyTorch (the TypeScript in
src/diffusion/ must agree with these; the fixtures check it).

    betas      β_t, t = 0..T-1, linear from 1e-4 to 0.02 (Ho et al. 2020)
    alphas     α_t = 1 - β_t
    alpha_bar  ᾱ_t = Π_{s<=t} α_s
"""
import torch

T = 1000
BETA_START, BETA_END = 1e-4, 0.02
NULL_CLASS = 10


def linear_schedule(device=None):
    betas = torch.linspace(BETA_START, BETA_END, T, dtype=torch.float64, device=device)
    alpha_bar = torch.cumprod(1 - betas, dim=0)
    return betas, alpha_bar


def add_noise(x0, noise, t, alpha_bar):
    """q(x_t | x_0) in closed form: sqrt(ᾱ_t) x0 + sqrt(1 - ᾱ_t) ε, eq. (4) of Ho et al."""
    a = alpha_bar[t].float().view(-1, 1, 1, 1)
    return a.sqrt() * x0 + (1 - a).sqrt() * noise


def guided_eps(model, x, t, y, guidance: float):
    """Classifier-free guidance (Ho & Salimans 2022), both passes in one batch: ε_u + w (ε_c - ε_u)."""
    batch = x.shape[0]
    eps = model(torch.cat([x, x]), torch.full((2 * batch,), t, dtype=torch.long, device=x.device),
                torch.cat([y, torch.full_like(y, NULL_CLASS)]))
    cond, uncond = eps[:batch], eps[batch:]
    return uncond + guidance * (cond - uncond)


@torch.no_grad()
def ddpm_sample(model, y, guidance: float, noises, x_T):
    """Ancestral sampling, eq. (11) of Ho et al., σ_t² = β_t. noises[i] is the noise added at step T-1-i."""
    betas, alpha_bar = linear_schedule(x_T.device)
    x = x_T
    for i, t in enumerate(range(T - 1, -1, -1)):
        eps = guided_eps(model, x, t, y, guidance)
        beta, a_bar = betas[t].float(), alpha_bar[t].float()
        mean = (x - beta / (1 - a_bar).sqrt() * eps) / (1 - beta).sqrt()
        x = mean + beta.sqrt() * noises[i] if t > 0 else mean
    return x


@torch.no_grad()
def ddim_sample(model, y, guidance: float, steps: int, x_T):
    """Deterministic DDIM (eta = 0), eq. (12) of Song et al. 2021, on timesteps T-1, T-1-T/steps, ..., ("leading" spacing)."""
    _, alpha_bar = linear_schedule(x_T.device)
    timesteps = list(range(0, T, T // steps))[::-1]
    x = x_T
    for i, t in enumerate(timesteps):
        eps = guided_eps(model, x, t, y, guidance)
        a_t = alpha_bar[t].float()
        a_prev = alpha_bar[timesteps[i + 1]].float() if i + 1 < len(timesteps) else torch.tensor(1.0, device=x.device)
        x0 = (x - (1 - a_t).sqrt() * eps) / a_t.sqrt()
        x = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
    return x
