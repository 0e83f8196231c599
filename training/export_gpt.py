"""Exports the trained GPT to ONNX (opset 17) with its variants, manifest, training log and the fixtures the
TypeScript tests compare against. Run after train_gpt.py (and the early run), from the repository root:

    python3 training/export_gpt.py --runs training/runs --data training/data/kjv
    npx tsx training/measure_variants.ts      # measures each variant's logit drift with onnxruntime-web

Writes data/models/gpt/{model.onnx, model-fp32.onnx, model-int8.onnx, model-untrained.onnx, model-early.onnx,
manifest.json, training-log.json} and test/fixtures/gpt.{bin,json}. model.onnx, the file the lessons load, stores its
weights as float16 (half the download) and casts them to float32 in the graph; model-fp32.onnx is the float32 export.
"""
import argparse
import json
import math
from pathlib import Path

import numpy as np
import onnx
import torch

from gpt import GPT, GPTConfig
from model_file import model_file
from new_key_values import with_new_key_values
from onnx_variants import to_fp16, to_int8
from tensors import write_tensors
from train_gpt import evaluate, split

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ["input_ids", "past_key_values", "attn_bias"]
OUTPUTS = ["logits", "present_key_values", "attentions", "hidden_states"]


def load(config: GPTConfig, path: Path | None) -> GPT:
    model = GPT(config)
    if path is not None:
        model.load_state_dict(torch.load(path, map_location="cpu"))
    return model.eval()


def export(model: GPT, path: Path) -> onnx.ModelProto:
    x = torch.randint(0, model.config.vocab_size, (2, 5))
    past = torch.randn(model.config.n_layer, 2, 2, model.config.n_head, 3, model.config.d_model // model.config.n_head)
    torch.onnx.export(
        model, (x, past, GPT.causal_bias(5, 3)), str(path), opset_version=17, input_names=INPUTS, output_names=OUTPUTS,
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "past_key_values": {2: "batch", 4: "past"},
            "attn_bias": {0: "sequence", 1: "total"},
            "logits": {0: "batch", 1: "sequence"},
            "present_key_values": {2: "batch", 4: "total"},
            "attentions": {1: "batch", 3: "sequence", 4: "total"},
            "hidden_states": {1: "batch", 2: "sequence"},
        },
        do_constant_folding=False,  # folding would store the tied embedding twice (as itself and transposed)
    )
    graph = with_new_key_values(onnx.load(str(path)))
    onnx.save(graph, str(path))
    return graph


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", default="training/runs")
    parser.add_argument("--data", default="training/data/kjv")
    args = parser.parse_args()
    runs = Path(args.runs)
    out = ROOT / "data" / "models" / "gpt"
    out.mkdir(parents=True, exist_ok=True)
    log = json.loads((runs / "gpt" / "log.json").read_text())
    early_log = json.loads((runs / "gpt-early" / "log.json").read_text())
    vocab = json.loads(Path(f"{args.data}.vocab.json").read_text())
    config = GPTConfig(**{k: log["config"][k] for k in ("vocab_size", "context_length", "n_layer", "n_head", "d_model")}, dropout=0.0)
    final = load(config, runs / "gpt" / "model.pt")
    torch.manual_seed(log["args"]["seed"])  # the untrained model: the same initialisation training started from
    untrained = load(config, None)
    early = load(config, runs / "gpt-early" / "model.pt")

    graph = export(final, out / "model-fp32.onnx")
    onnx.save(to_fp16(graph), out / "model.onnx")
    onnx.save(to_int8(graph), out / "model-int8.onnx")
    for name, model in [("untrained", untrained), ("early", early)]:
        onnx.save(to_fp16(export(model, out / f"model-{name}.onnx")), out / f"model-{name}.onnx")

    # Fixtures: fixed windows of the held-out text, and PyTorch's outputs for them.
    tokens = np.fromfile(f"{args.data}.tokens.bin", dtype=np.uint16)
    _, val = split(tokens)
    untrained_perplexity = math.exp(evaluate(untrained, val, config.context_length, torch.device("cpu")))
    windows = np.stack([val[0][:8], val[1][:8]]).astype(np.int64)  # [2, 8]
    x = torch.from_numpy(windows)
    with torch.no_grad():
        logits, present, attentions, hidden = final(x, final.empty_cache(2), GPT.causal_bias(8))
        next_ids = torch.from_numpy(np.stack([val[0][8:9], val[1][8:9]]).astype(np.int64))  # one more token, with the cache
        step_logits, step_present, _, _ = final(next_ids, present, GPT.causal_bias(1, 8))
        prompts = [val[i][:12].astype(np.int64) for i in (2, 3, 4)]
        greedy = [greedy_continuation(final, p, 20) for p in prompts]
    write_tensors(ROOT / "test" / "fixtures" / "gpt", {
        "input_ids": windows, "logits": logits.numpy(), "present_key_values": present.numpy(),
        "attentions": attentions.numpy(), "hidden_states": hidden.numpy(),
        "step_input_ids": next_ids.numpy(), "step_logits": step_logits.numpy(), "step_present_key_values": step_present.numpy(),
        **{f"greedy_prompt_{i}": p for i, p in enumerate(prompts)},
        **{f"greedy_continuation_{i}": np.array(g, dtype=np.int64) for i, g in enumerate(greedy)},
    }, {"source": "training/export_gpt.py", "model": "data/models/gpt/model-fp32.onnx", "torch": torch.__version__})

    best = log["best"]
    files = {name: model_file(out / f"model{suffix}.onnx") for name, suffix in
             [("fp16", ""), ("fp32", "-fp32"), ("int8", "-int8"), ("untrained", "-untrained"), ("early", "-early")]}
    manifest = {
        "name": "Stepwise GPT",
        "description": "A small decoder-only transformer trained on the King James Bible, for the lessons on next-token prediction.",
        **files["fp16"],
        "precision": "fp16",
        "weights": "float16, cast to float32 in the graph: the runtime folds the casts as it loads the model, which then computes in float32",
        "architecture": {
            "type": "decoder-only transformer", "layers": config.n_layer, "heads": config.n_head, "dModel": config.d_model,
            "headDim": config.d_model // config.n_head, "contextLength": config.context_length, "vocabSize": config.vocab_size,
            "parameters": sum(p.numel() for p in final.parameters()), "norm": "pre-LayerNorm", "positions": "learned",
            "tiedEmbeddings": True, "mlp": "4x, GELU", "dropoutInTraining": log["config"]["dropout"],
        },
        "tokenizer": {"encoding": "gpt2", "library": "js-tiktoken 1.0.21 (js-tiktoken/lite with ranks/gpt2)",
                      "gpt2Ids": vocab["gpt2Ids"], "endOfText": vocab["endOfText"], "unknown": vocab["unknown"]},
        "inputs": [
            {"name": "input_ids", "dtype": "int64", "shape": ["batch", "sequence"], "meaning": "compact token ids"},
            {"name": "past_key_values", "dtype": "float32", "shape": [config.n_layer, 2, "batch", config.n_head, "past", config.d_model // config.n_head],
             "meaning": "keys (index 0) and values (index 1) of the past tokens for every layer; past = 0 for a whole prompt"},
            {"name": "attn_bias", "dtype": "float32", "shape": ["sequence", "past + sequence"],
             "meaning": "added to every attention score before the softmax: 0 where a query may look, -Infinity where it may not; the caller builds it, causal by default"},
        ],
        "outputs": [
            {"name": "logits", "dtype": "float32", "shape": ["batch", "sequence", config.vocab_size], "meaning": "next-token scores at every position"},
            {"name": "present_key_values", "dtype": "float32", "shape": [config.n_layer, 2, "batch", config.n_head, "past + sequence", config.d_model // config.n_head], "meaning": "the cache to pass as past_key_values next time"},
            {"name": "attentions", "dtype": "float32", "shape": [config.n_layer, "batch", config.n_head, "sequence", "past + sequence"], "meaning": "attention probabilities of every layer and head"},
            {"name": "hidden_states", "dtype": "float32", "shape": [config.n_layer + 1, "batch", "sequence", config.d_model], "meaning": "the embeddings (index 0), then the output of every block"},
            {"name": "new_key_values", "dtype": "float32", "shape": [config.n_layer, 2, "batch", config.n_head, "sequence", config.d_model // config.n_head], "meaning": "the keys and values of the new tokens alone: present_key_values is past_key_values joined with them"},
        ],
        "variants": [
            {"name": "fp32", **files["fp32"], "weights": "float32, as trained"},
            {"name": "int8", **files["int8"], "weights": "matrices int8 with a float32 scale per row (DequantizeLinear in the graph), the rest float32"},
        ],
        "checkpoints": [
            {"name": "untrained", **files["untrained"], "trainingTokens": 0, "weights": "float16",
             "valPerplexity": round(untrained_perplexity, 3), "about": "the random initialisation training starts from"},
            {"name": "early", **files["early"], "weights": "float16",
             "trainingTokens": early_log["best"]["tokens"], "trainingSeconds": early_log["best"]["seconds"], "hardware": early_log["hardware"],
             "valPerplexity": early_log["best"]["val_perplexity"], "about": "a few minutes of training on a 2-core CPU"},
            {"name": "final", **files["fp16"], "weights": "float16", "trainingTokens": best["tokens"], "valPerplexity": best["val_perplexity"]},
        ],
        "data": {
            "corpus": "The King James Version of the Bible, from Debian's bible-kjv package (verse references removed, one document per book)",
            "licence": "public domain", "tokens": len(tokens), "trainTokens": log["train_tokens"], "validationTokens": log["val_tokens"],
            "split": "the token stream cut into blocks of 4096 tokens; every 10th block is held out for validation",
        },
        "metrics": {"validationLoss": best["val_loss"], "validationPerplexity": best["val_perplexity"], "atStep": best["step"],
                    "atTrainingTokens": best["tokens"], "trainingSeconds": log["total_seconds"], "hardware": log["hardware"]},
        "trainingLog": "training-log.json",
        "fixtures": "test/fixtures/gpt.json",
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    (out / "training-log.json").write_text(json.dumps(log) + "\n")
    print(json.dumps({k: v for k, v in manifest.items() if k in ("bytes", "metrics", "variants")}, indent=1))


@torch.no_grad()
def greedy_continuation(model: GPT, prompt: np.ndarray, steps: int) -> list:
    ids = torch.from_numpy(prompt)[None]
    logits, past, _, _ = model(ids, model.empty_cache(1), GPT.causal_bias(ids.shape[1]))
    out = []
    for _ in range(steps):
        nxt = int(logits[0, -1].argmax())
        out.append(nxt)
        logits, past, _, _ = model(torch.tensor([[nxt]]), past, GPT.causal_bias(1, past.shape[4]))
    return out


if __name__ == "__main__":
    main()
