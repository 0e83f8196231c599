#!/usr/bin/env bash
# Retrains the GPT end to end and replaces the shipped one: corpus, tokens, the model, its early checkpoint, the
# ONNX export with its variants, embedding tables and held-out passage. With no argument the corpus is the King
# James Bible; with a UTF-8 text file (blank lines between documents) it is that text.
# Usage: npm run retrain:gpt [-- my-corpus.txt]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  bash training/kjv.sh
  text=training/data/kjv.txt
else
  text="$1"
fi
corpus="${text%.txt}"
npx tsx training/tokenize_corpus.ts "$text"
bash training/py.sh training/train_gpt.py --data "$corpus"
bash training/py.sh training/train_gpt.py --data "$corpus" --out training/runs/gpt-early --minutes 4 --eval-every 25
bash training/py.sh training/export_gpt.py --data "$corpus"
npx tsx training/measure_variants.ts
bash training/py.sh training/export_embeddings.py
npx tsx training/export_text_data.ts "$corpus"
