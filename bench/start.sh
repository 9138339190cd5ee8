#!/usr/bin/env bash
# Start-to-exit wall time of `fuzhu check` and `fuzhu eval` of one household: the median of
# several runs (hyperfine when installed, else a loop), with the policy cache warm (the usual
# case: the same files checked before), and cold (FUZHU_CACHE=off: parsed, validated and
# type-checked again). Usage: bash bench/start.sh [RUNS]   (default 20). bench/RESULTS.md
# records the figures measured on the project's machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run build >/dev/null
runs=${1:-20}
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export FUZHU_CACHE_DIR="$cache"
check='node dist/cli/main.js check'
eval='node dist/cli/main.js eval policy/liuzhou-2018/examples/death-couple.yaml --period 2019-03'
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, node $(node --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The median wall time of a command in milliseconds, over $runs runs after one warm-up run.
median() {
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$cache/h.json" "$1" >/dev/null 2>&1
    node -e "const r = JSON.parse(require('fs').readFileSync('$cache/h.json', 'utf8')).results[0]; console.log(Math.round(r.median * 1000))"
  else
    node -e "
      const { execSync } = require('child_process');
      execSync(process.argv[1], { stdio: 'ignore' });
      const t = [];
      for (let i = 0; i < $runs; i++) { const s = process.hrtime.bigint(); execSync(process.argv[1], { stdio: 'ignore' }); t.push(Number(process.hrtime.bigint() - s) / 1e6); }
      t.sort((a, b) => a - b);
      console.log(Math.round(t[t.length >> 1]));" "$1"
  fi
}

echo "node -e 0 (the floor): $(median 'node -e 0') ms"
echo "fuzhu check, cached: $(median "$check") ms"
echo "fuzhu eval (one household, 2019-03), cached: $(median "$eval") ms"
export FUZHU_CACHE=off
echo "fuzhu check, no cache: $(median "$check") ms"
echo "fuzhu eval (one household, 2019-03), no cache: $(median "$eval") ms"
