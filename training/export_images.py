"""Exports the diffusion UNet and the classifier to ONNX (opset 17) with manifests and training logs, ships a few
hundred Fashion-MNIST test images for the lessons, and writes the fixtures the TypeScript tests compare against:
UNet noise predictions, classifier probabilities, and full DDPM-1000 and DDIM-50 sampling loops with a fixed noise
sequence. Each model ships as model.onnx (float16 weights, cast to float32 in the graph: half the download) beside
model-fp32.onnx (as trained). Run after train_classifier.py and train_diffusion.py, from the repository root:

    python3 training/export_images.py --runs training/runs
    npx tsx training/measure_variants.ts      # measures each file's drift from PyTorch with onnxruntime-web
"""
import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import torch

from classifier import Classifier
from model_file import model_file
from onnx_variants import to_fp16
import ddpm
import fashion_mnist
from tensors import write_tensors
from unet import UNet

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = 500
FASHION = {"dataset": "Fashion-MNIST (Zalando Research), from Debian's dataset-fashion-mnist", "licence": "MIT (Expat)",
           "classes": fashion_mnist.CLASSES, "scale": "pixels p in 0..255 map to p / 127.5 - 1, in [-1, 1]"}
FP16_WEIGHTS = "float16, cast to float32 in the graph: the runtime folds the casts as it loads the model, which then computes in float32"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", default="training/runs")
    args = parser.parse_args()
    runs = Path(args.runs)
    unet = UNet().eval()
    unet.load_state_dict(torch.load(runs / "diffusion" / "model.pt", map_location="cpu"))
    classifier = Classifier().eval()
    classifier.load_state_dict(torch.load(runs / "classifier" / "model.pt", map_location="cpu"))
    diffusion_log = json.loads((runs / "diffusion" / "log.json").read_text())
    classifier_log = json.loads((runs / "classifier" / "log.json").read_text())

    # The shipped test images: the first SHIPPED of the official test split, pixels then labels.
    images, labels = fashion_mnist.load("t10k")
    images, labels = images[:SHIPPED], labels[:SHIPPED]
    datasets = ROOT / "data" / "datasets"
    datasets.mkdir(parents=True, exist_ok=True)
    (datasets / "fashion-mnist-test.bin").write_bytes(images.tobytes() + labels.tobytes())
    (datasets / "fashion-mnist-test.json").write_text(json.dumps({
        **FASHION, "file": "fashion-mnist-test.bin", "count": SHIPPED, "source": f"the first {SHIPPED} images of the official test split (t10k)",
        "layout": {"images": {"dtype": "uint8", "shape": [SHIPPED, 28, 28], "offset": 0},
                   "labels": {"dtype": "uint8", "shape": [SHIPPED], "offset": SHIPPED * 28 * 28}},
    }, indent=1) + "\n")
    x_shipped = torch.from_numpy(fashion_mnist.to_model_range(images))
    with torch.no_grad():
        shipped_accuracy = (classifier(x_shipped).argmax(1).numpy() == labels).mean()

    models = ROOT / "data" / "models"
    export(unet, (torch.randn(2, 1, 28, 28), torch.tensor([10, 500]), torch.tensor([3, 10])), ["x", "t", "y"], ["eps"],
           {"x": {0: "batch"}, "t": {0: "batch"}, "y": {0: "batch"}, "eps": {0: "batch"}}, models / "diffusion")
    export(classifier, (torch.randn(2, 1, 28, 28),), ["x"], ["logits"], {"x": {0: "batch"}, "logits": {0: "batch"}},
           models / "classifier")

    quality = diffusion_log["quality"]
    write_manifest(models / "diffusion", diffusion_log, {
        "name": "Stepwise diffusion UNet",
        "description": "A class-conditional UNet that predicts the noise in a 28x28 Fashion-MNIST image, for the lessons on diffusion.",
        "architecture": {"type": "UNet", "channels": list(unet.config.channels), "resolutions": [28, 14, 7], "embedDim": unet.config.embed_dim,
                         "timeEmbedding": "sinusoidal, then a 2-layer MLP", "classEmbedding": "learned, 11 rows (10 classes and the null class)",
                         "norm": "GroupNorm(8)", "parameters": sum(p.numel() for p in unet.parameters()), "weights": "exponential moving average (0.999)"},
        "schedule": {"type": "linear", "T": ddpm.T, "betaStart": ddpm.BETA_START, "betaEnd": ddpm.BETA_END, "prediction": "epsilon"},
        "conditioning": {"classes": 10, "nullClass": ddpm.NULL_CLASS, "labelDropout": diffusion_log["args"]["label_dropout"]},
        "inputs": [{"name": "x", "dtype": "float32", "shape": ["batch", 1, 28, 28], "meaning": "the noised image x_t, in [-1, 1] at t = 0"},
                   {"name": "t", "dtype": "int64", "shape": ["batch"], "meaning": "the timestep, 0..999 (betas[t])"},
                   {"name": "y", "dtype": "int64", "shape": ["batch"], "meaning": "the class 0..9, or 10 for no class"}],
        "outputs": [{"name": "eps", "dtype": "float32", "shape": ["batch", 1, 28, 28], "meaning": "the predicted noise ε"}],
        "data": {**FASHION, "split": "the 60,000 training images"},
        "metrics": {"classifiedAsAsked": quality["classified_as_asked"], "guidance": quality["guidance"], "samples": quality["samples"],
                    "judge": "data/models/classifier", "trainingSteps": diffusion_log["total_steps"], "batch": diffusion_log["args"]["batch"],
                    "trainingSeconds": diffusion_log["total_seconds"], "hardware": diffusion_log["hardware"]},
        "fixtures": "test/fixtures/diffusion.json",
    })
    write_manifest(models / "classifier", classifier_log, {
        "name": "Stepwise Fashion-MNIST classifier",
        "description": "A small CNN that names the class of a 28x28 Fashion-MNIST image: the judge of the diffusion model's samples.",
        "architecture": {"type": "CNN", "channels": [32, 64, 128], "norm": "BatchNorm", "parameters": sum(p.numel() for p in classifier.parameters())},
        "inputs": [{"name": "x", "dtype": "float32", "shape": ["batch", 1, 28, 28], "meaning": "images in [-1, 1]"}],
        "outputs": [{"name": "logits", "dtype": "float32", "shape": ["batch", 10], "meaning": "class scores; softmax for probabilities"}],
        "data": {**FASHION, "split": "trained on the 60,000 training images, tested on the 10,000 test images"},
        "metrics": {"testAccuracy": classifier_log["test_accuracy"], "shippedImagesAccuracy": round(float(shipped_accuracy), 4),
                    "shippedImages": "data/datasets/fashion-mnist-test.bin", "trainingSeconds": classifier_log["total_seconds"],
                    "epochs": classifier_log["args"]["epochs"], "hardware": classifier_log["hardware"]},
        "fixtures": "test/fixtures/classifier.json",
    })

    with torch.no_grad():
        write_tensors(ROOT / "test" / "fixtures" / "classifier", {
            "x": x_shipped[:8].numpy(), "probabilities": torch.softmax(classifier(x_shipped[:8]), 1).numpy()}, {"source": "training/export_images.py"})
        generator = torch.Generator().manual_seed(7)
        x = torch.randn(4, 1, 28, 28, generator=generator)
        t = torch.tensor([0, 250, 600, 999])
        y = torch.tensor([0, 3, 9, 10])
        x_T = torch.randn(1, 1, 28, 28, generator=generator)
        noises = torch.randn(ddpm.T, 1, 1, 28, 28, generator=generator)
        label = torch.tensor([7])
        write_tensors(ROOT / "test" / "fixtures" / "diffusion", {
            "x": x.numpy(), "t": t.numpy(), "y": y.numpy(), "eps": unet(x, t, y).numpy(),
            "class": label.numpy(), "x_T": x_T.numpy(), "ddpm_noise": noises.numpy(),
            "ddpm_1000": ddpm.ddpm_sample(unet, label, 2.0, noises, x_T).numpy(),
            "ddim_50": ddpm.ddim_sample(unet, label, 2.0, 50, x_T).numpy(),
        }, {"source": "training/export_images.py", "guidance": 2.0,
            "ddpm": "ancestral sampling, sigma_t^2 = beta_t, ddpm_noise[i] added at step t = 999 - i (none at t = 0)",
            "ddim": "eta = 0, timesteps 980, 960, ..., 0 (leading spacing), x0 not clipped"})
    print(json.dumps({"classifier test accuracy": classifier_log["test_accuracy"], "on shipped": round(float(shipped_accuracy), 4),
                      "diffusion quality": quality}, indent=1))


def export(model, args, inputs, outputs, axes, folder: Path) -> None:
    """model-fp32.onnx, as trained, and model.onnx, the file the lessons load: the same graph with float16 weights."""
    folder.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, args, str(folder / "model-fp32.onnx"), opset_version=17, input_names=inputs, output_names=outputs,
                      dynamic_axes=axes)
    onnx.save(to_fp16(onnx.load(str(folder / "model-fp32.onnx"))), folder / "model.onnx")


def write_manifest(folder: Path, log: dict, manifest: dict) -> None:
    """The drift of each file from PyTorch (maxAbsDifference) is measured and added by training/measure_variants.ts."""
    files = {**model_file(folder / "model.onnx"), "precision": "fp16", "weights": FP16_WEIGHTS,
             "variants": [{"name": "fp32", **model_file(folder / "model-fp32.onnx"), "weights": "float32, as trained"}]}
    (folder / "manifest.json").write_text(json.dumps({**manifest, **files, "trainingLog": "training-log.json"}, indent=1) + "\n")
    (folder / "training-log.json").write_text(json.dumps(log) + "\n")


if __name__ == "__main__":
    main()
