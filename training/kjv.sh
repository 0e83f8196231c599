#!/usr/bin/env bash
# The default corpus: the King James Bible (public domain) from Debian's bible-kjv, one verse per line with the
# verse references removed, each book a document (books are separated by a blank line).
set -euo pipefail
out="${1:-training/data/kjv.txt}"
mkdir -p "$(dirname "$out")"
bible -f "Gen1:1-Rev22:21" | awk '
  { ref = $1; book = ref; sub(/[0-9]+:[0-9]+$/, "", book); $1 = ""; sub(/^ /, "") }
  book != last && NR > 1 { print "" }
  { print; last = book }' > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
