#!/usr/bin/env bash
# Deadline computation throughput: motcua's criterion bench and numpy's
# busday_offset, in the same run on the same machine, and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install -q numpy
cargo build -q --release -p motcua
holidays=$(for y in 2023 2024 2025 2026 2027 2028; do ./target/release/motcua calendar holidays "$y"; done)
cargo bench -q -p motcua-calendar --bench deadlines -- --noplot 2>/dev/null | tee /tmp/motcua-bench.txt
numpy=$(printf '%s\n' "$holidays" | python3 scripts/bench_numpy_busday.py)
# criterion prints "thrpt: [low mid high]" with a unit such as Melem/s.
ours=$(awk '/^deadline\/3wd /{f=1} f && /thrpt:/{print $(NF-3), $(NF-2); exit}' /tmp/motcua-bench.txt)
python3 - "$ours" "$numpy" <<'PY'
import sys
value, unit = sys.argv[1].split()
scale = {"elem/s": 1, "Kelem/s": 1e3, "Melem/s": 1e6, "Gelem/s": 1e9}[unit]
ours, numpy = float(value) * scale, float(sys.argv[2])
print(f"motcua 3wd deadlines: {ours/1e6:.2f} M/s per core (with time of day, sessions, swapped Saturdays)")
print(f"numpy busday_offset:  {numpy/1e6:.2f} M/s (whole days only, vectorised)")
print(f"ratio motcua/numpy:   {ours/numpy:.2f}")
PY
