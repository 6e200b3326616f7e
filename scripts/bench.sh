#!/usr/bin/env bash
# Whole-process timings of policyc: median wall time (hyperfine) and peak
# memory (`/usr/bin/time -v`), on the seed examples, on generated policies of
# 100 KB, 1 MB and 10 MB, on a diff, and on a directory of 1,000 generated
# policies. Prints a Markdown table; docs/performance.md records a run.
#
# Usage: scripts/bench.sh [RUNS]     (default 10 runs per command)
# Env:   BENCH_DIR=dir  keep the generated inputs there (default: a temp dir)
#        POLICYC_BIN=path  time that binary instead of this tree's release build
#                          (the "before" of a change: a build of the old commit)
#        SEEDS_DIR=dir     take mengshang.policy and jinshang.policy from there
#                          (default examples/): an old binary cannot read a
#                          seed that uses a newer field, so time it on the
#                          old commit's seeds (`git show REV:examples/…`)
#
# A command that exits 2 or more (an input the binary cannot read) is not
# timed: its row says so, rather than timing an early error exit.
#
# The per-stage benchmark (parse, resolve, check, render, diff; MB/s) is
# `cargo bench --bench pipeline`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"

# Tools: hyperfine and GNU time, from Debian packages.
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

[ -n "${POLICYC_BIN:-}" ] || cargo build --release --quiet --bin policyc
cargo bench --quiet --bench gen-policy --no-run
gen() { cargo bench --quiet --bench gen-policy -- "$@"; }
bin="${POLICYC_BIN:-$PWD/target/release/policyc}"

if [ -n "${BENCH_DIR:-}" ]; then
  work="$BENCH_DIR"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
for s in 100KB 1MB 10MB; do
  [ -s "$work/gen-$s.policy" ] || gen --size "$s" --seed 1 > "$work/gen-$s.policy"
done
seeds="${SEEDS_DIR:-examples}"
cp "$seeds/mengshang.policy" "$seeds/jinshang.policy" "$work/"
# The diff input: the 1 MB policy with one purpose reworded and one function added.
sed '0,/purpose "/s//purpose "并/' "$work/gen-1MB.policy" > "$work/gen-1MB-changed.policy"
printf '\nfunction bench-added "新增功能" {\n  purpose "新的处理目的"\n  basis consent\n  collects required phone\n}\n' \
  >> "$work/gen-1MB-changed.policy"
[ "$(ls "$work/many" 2>/dev/null | wc -l)" = 1000 ] || gen --dir "$work/many" --count 1000

# median wall seconds (hyperfine) and median peak RSS in KB of three runs
# (/usr/bin/time -v; it varies by a few MB with which thread's allocator
# arena holds what) of a command line
measure() {
  hyperfine --style none --ignore-failure --warmup 1 --runs "$runs" \
    --export-csv "$work/h.csv" "$1" >/dev/null 2>&1
  local median rss
  median=$(awk -F, 'NR == 2 { print $4 }' "$work/h.csv")
  for _ in 1 2 3; do
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$work/t.txt" $1 >/dev/null 2>&1 || true
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/t.txt"
  done | sort -n > "$work/rss.txt"
  rss=$(sed -n 2p "$work/rss.txt")
  echo "$median $rss"
}

row() { # label, bytes of input, command line
  local label="$1" bytes="$2" cmd="$3" wall rss rc=0
  # shellcheck disable=SC2086
  $cmd >/dev/null 2>&1 || rc=$?
  if [ "$rc" -ge 2 ]; then
    echo "bench: \`$cmd\` exits $rc (it cannot read this input); not timed" >&2
    printf '| %s | %.0f KB | `%s` | fails (exit %d) | – | – | – |\n' \
      "$label" "$(awk -v b="$bytes" 'BEGIN { print b / 1024 }')" "${cmd#"$bin" }" "$rc"
    return
  fi
  read -r wall rss < <(measure "$cmd")
  awk -v l="$label" -v b="$bytes" -v c="${cmd#"$bin" }" -v w="$wall" -v r="$rss" 'BEGIN {
    printf "| %s | %.0f KB | `%s` | %.1f | %.1f | %.1f | %.1f |\n",
      l, b / 1024, c, w * 1000, b / 1048576 / w, r / 1024, r * 1024 / b }'
}

echo "| input | size | command | median wall (ms) | MB/s | peak RSS (MB) | RSS / input |"
echo "|---|---|---|---|---|---|---|"
for f in mengshang jinshang gen-100KB gen-1MB gen-10MB; do
  p="$work/$f.policy"
  size=$(stat -c %s "$p")
  row "$f" "$size" "$bin check $p"
  row "$f" "$size" "$bin check --format json $p"
  row "$f" "$size" "$bin render $p --to md"
  row "$f" "$size" "$bin render $p --to html"
done
size=$(stat -c %s "$work/gen-1MB.policy")
row "gen-1MB vs changed copy" "$size" "$bin diff $work/gen-1MB.policy $work/gen-1MB-changed.policy"
size=$(cat "$work"/many/*.policy | wc -c)
row "1,000 policies (20–100 KB)" "$size" "$bin check --format json $work/many"
row "1,000 policies, one core" "$size" "taskset -c 0 $bin check --format json $work/many"
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GiB; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
