"""A small GPT: decoder-only transformer, pre-LayerNorm, learned positions, tied input/output embeddings.

Attention is written out (no fused kernel) so the model can return its attention probabilities, and the forward
pass takes and returns a key/value cache and an additive attention bias, the same signature as the ONNX graph the
lessons run:
    input_ids [B, T], past_key_values [L, 2, B, H, P, Dh], attn_bias [T, P+T]
    -> logits [B, T, V], present_key_values [L, 2, B, H, P+T, Dh], attentions [L, B, H, T, P+T],
       hidden_states [L+1, B, T, D] (the embeddings, then the output of every block)
"""
from dataclasses import dataclass
import math

import torch
from torch import nn
from torch.nn import functional as F


@dataclass
class GPTConfig:
    vocab_size: int = 9831
    context_length: int = 256
    n_layer: int = 4
    n_head: int = 6
    d_model: int = 192
    dropout: float = 0.1


class CausalSelfAttention(nn.Module):
    def __init__(self, config: GPTConfig):
        super().__init__()
        self.n_head = config.n_head
        self.head_dim = config.d_model // config.n_head
        self.qkv = nn.Linear(config.d_model, 3 * config.d_model)
        self.proj = nn.Linear(config.d_model, config.d_model)
        self.attn_dropout = nn.Dropout(config.dropout)
        self.resid_dropout = nn.Dropout(config.dropout)

    def forward(self, x, past, bias):
        # x [B, T, D], past [2, B, H, P, Dh], bias [T, P+T]
        B, T, D = x.shape
        q, k, v = self.qkv(x).split(D, dim=2)
        q = q.view(B, T, self.n_head, self.head_dim).transpose(1, 2)  # [B, H, T, Dh]
        k = k.view(B, T, self.n_head, self.head_dim).transpose(1, 2)
        v = v.view(B, T, self.n_head, self.head_dim).transpose(1, 2)
        k = torch.cat([past[0], k], dim=2)  # [B, H, P+T, Dh]
        v = torch.cat([past[1], v], dim=2)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim) + bias  # [B, H, T, P+T]
        probs = F.softmax(scores, dim=-1)
        y = self.attn_dropout(probs) @ v  # [B, H, T, Dh]
        y = y.transpose(1, 2).reshape(B, T, D)
        return self.resid_dropout(self.proj(y)), torch.stack([k, v]), probs


class Block(nn.Module):
    def __init__(self, config: GPTConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.d_model)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.d_model)
        self.mlp = nn.Sequential(
            nn.Linear(config.d_model, 4 * config.d_model),
            nn.GELU(),
            nn.Linear(4 * config.d_model, config.d_model),
            nn.Dropout(config.dropout),
        )

    def forward(self, x, past, bias):
        a, present, probs = self.attn(self.ln_1(x), past, bias)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, present, probs


class GPT(nn.Module):
    def __init__(self, config: GPTConfig):
        super().__init__()
        self.config = config
        self.tok_emb = nn.Embedding(config.vocab_size, config.d_model)
        self.pos_emb = nn.Embedding(config.context_length, config.d_model)
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList([Block(config) for _ in range(config.n_layer)])
        self.ln_f = nn.LayerNorm(config.d_model)
        self.apply(self._init_weights)
        for name, p in self.named_parameters():  # GPT-2's scaled init of the residual projections
            if name.endswith("proj.weight") or name.endswith("mlp.2.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def empty_cache(self, batch: int, device=None):
        c = self.config
        return torch.zeros(c.n_layer, 2, batch, c.n_head, 0, c.d_model // c.n_head, device=device)

    @staticmethod
    def causal_bias(t: int, past: int = 0, device=None):
        """The additive mask [T, P+T]: query i (at position P+i) sees keys 0..P+i."""
        rows = torch.arange(t, device=device).unsqueeze(1) + past
        cols = torch.arange(past + t, device=device).unsqueeze(0)
        return torch.zeros(t, past + t, device=device).masked_fill(cols > rows, float("-inf"))

    def forward(self, input_ids, past_key_values, attn_bias):
        # input_ids [B, T], past_key_values [L, 2, B, H, P, Dh], attn_bias [T, P+T]
        T = input_ids.shape[1]
        P = past_key_values.shape[4]
        positions = torch.arange(T, device=input_ids.device) + P  # [T]
        x = self.drop(self.tok_emb(input_ids) + self.pos_emb(positions))  # [B, T, D]
        hidden, presents, attentions = [x], [], []
        for i, block in enumerate(self.blocks):
            x, present, probs = block(x, past_key_values[i], attn_bias)
            hidden.append(x)
            presents.append(present)
            attentions.append(probs)
        logits = self.ln_f(x) @ self.tok_emb.weight.t()  # tied embeddings, [B, T, V]
        return logits, torch.stack(presents), torch.stack(attentions), torch.stack(hidden)

    def loss(self, input_ids, targets):
        """Mean next-token cross-entropy over a batch of whole windows (no cache)."""
        B, T = input_ids.shape
        logits, _, _, _ = self(input_ids, self.empty_cache(B, input_ids.device), self.causal_bias(T, 0, input_ids.device))
        return F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))
