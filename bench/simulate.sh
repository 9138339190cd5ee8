#!/usr/bin/env bash
# Measures `fuzhu simulate` on synthetic populations of 100,000 and 1,000,000 households for a
# year, baseline plus one scenario: wall time and peak memory (maximum resident set size).
# Usage: bash bench/simulate.sh [SIZES…]   (default: 100000 1000000). Results go to stdout;
# bench/RESULTS.md records the figures measured on the project's machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, node $(node --version)"
for n in "${sizes[@]}"; do
  node dist/cli/main.js generate --households "$n" --seed 2018 --out "$work/pop-$n.jsonl" >/dev/null
  bytes=$(stat -c %s "$work/pop-$n.jsonl")
  /usr/bin/time -f '%e %M' -o "$work/time" node dist/cli/main.js simulate --population "$work/pop-$n.jsonl" \
    --from 2019-01 --to 2019-12 --scenario policy/scenarios/reform-2019.yaml --json > "$work/out.json"
  read -r seconds kib < "$work/time"
  total=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$work/out.json','utf8')).baseline.totals.amount)")
  echo "households=$n file=$((bytes / 1048576))MiB time=${seconds}s peak_rss=$((kib / 1024))MiB per_household=$(node -e "console.log(($seconds*1e6/$n).toFixed(0))")µs baseline_total=$total"
done
