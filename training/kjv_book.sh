#!/usr/bin/env bash
# One book of the King James Bible (public domain) from Debian's bible-kjv, one verse per line with the verse
# references removed: the text the lesson "How a next-token model learns" trains on. Usage:
#   bash training/kjv_book.sh [range] [out]      e.g. bash training/kjv_book.sh "Gen1:1-50:26" data/datasets/kjv-genesis.txt
set -euo pipefail
range="${1:-Gen1:1-50:26}"
out="${2:-data/datasets/kjv-genesis.txt}"
mkdir -p "$(dirname "$out")"
bible -f "$range" | sed -E 's/^[0-9]?[A-Za-z]+[0-9]+:[0-9]+ //' > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
