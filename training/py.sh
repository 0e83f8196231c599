#!/usr/bin/env bash
# Runs a training script with Debian's Python, which sees Debian's torch (the python3 first on PATH may not), and
# with tcmalloc preloaded where it is installed: it removes seconds of jitter from CPU training steps.
# PYTHON=... picks another interpreter, such as one with torch 2.x and a GPU.
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
[ -e "$tcmalloc" ] && export LD_PRELOAD="$tcmalloc${LD_PRELOAD:+:$LD_PRELOAD}"
exec "${PYTHON:-/usr/bin/python3}" "$@"
