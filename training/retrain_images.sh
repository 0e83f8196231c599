#!/usr/bin/env bash
# Retrains the image models end to end and replaces the shipped ones: the classifier first (it judges the diffusion
# model's samples during training), then the diffusion UNet, then the ONNX export with the shipped test images.
# Usage: npm run retrain:images
set -euo pipefail
cd "$(dirname "$0")/.."
bash training/py.sh training/train_classifier.py
bash training/py.sh training/train_diffusion.py
bash training/py.sh training/export_images.py
