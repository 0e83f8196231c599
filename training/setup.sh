#!/usr/bin/env bash
# Installs what training needs on Debian 12: PyTorch and ONNX from Debian (torch 1.13, CPU), OpenBLAS with OpenMP
# (without it torch falls back to the reference BLAS, about 50x slower), tcmalloc (steadier step times), and the
# data: the King James Bible and Fashion-MNIST.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
  python3-torch python3-numpy python3-onnx libopenblas0-openmp libtcmalloc-minimal4 \
  bible-kjv bible-kjv-text dataset-fashion-mnist
/usr/bin/python3 -c "import torch, onnx; print('torch', torch.__version__, 'onnx', onnx.__version__)"
