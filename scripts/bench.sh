#!/usr/bin/env bash
# Whole-process timings of policyc: wall time (median of N runs) and peak
# memory, on the seed examples and on generated policies of growing size.
# Usage: scripts/bench.sh [RUNS]   (default 5). Results go to stdout as a
# Markdown table; docs/performance.md records a run.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cargo build --release --quiet --bin policyc --example gen_policy
bin=target/release/policyc
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for s in 100KB 1MB 10MB; do target/release/examples/gen_policy "$s" 1 > "$work/gen-$s.policy"; done

# median wall seconds and max peak RSS (KB) of `$@` over $runs runs
measure() {
  local t=() m=0 out
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>/dev/null || true
    out=$(tail -n 1 "$work/time")
    t+=("${out% *}")
    [ "${out#* }" -gt "$m" ] && m="${out#* }"
  done
  printf '%s\n' "${t[@]}" | sort -n | awk -v m="$m" '{a[NR]=$1} END {printf "%s %s\n", a[int((NR+1)/2)], m}'
}

echo "| input | size | command | median wall (s) | MB/s | peak RSS (MB) | RSS / input |"
echo "|---|---|---|---|---|---|---|"
for f in examples/jinshang.policy examples/mengshang.policy "$work"/gen-100KB.policy "$work"/gen-1MB.policy "$work"/gen-10MB.policy; do
  size=$(stat -c %s "$f")
  for cmd in "check --format json" "check" "render --to md" "render --to html" "render --to json"; do
    # shellcheck disable=SC2086
    read -r wall rss < <(measure "$bin" $cmd "$f")
    awk -v f="$(basename "$f")" -v s="$size" -v c="$cmd" -v w="$wall" -v r="$rss" 'BEGIN {
      mbs = (w > 0) ? sprintf("%.1f", s / 1048576 / w) : "-";
      printf "| %s | %.0f KB | `%s` | %.3f | %s | %.1f | %.1f |\n", f, s/1024, c, w, mbs, r/1024, (r*1024)/s }'
  done
done

# diff of a policy against a copy with one function added
cp "$work/gen-1MB.policy" "$work/gen-1MB-b.policy"
printf '\nfunction extra "新增功能" {\n  purpose "新用途"\n  collects required phone\n}\n' >> "$work/gen-1MB-b.policy"
read -r wall rss < <(measure "$bin" diff "$work/gen-1MB.policy" "$work/gen-1MB-b.policy")
echo "| gen-1MB vs +1 function | 1 MB | \`diff\` | $wall | | $((rss / 1024)) | |"

# 1,000 policies in one directory
mkdir -p "$work/many"
for i in $(seq 1 1000); do cp examples/mengshang.policy "$work/many/p$i.policy"; done
read -r wall rss < <(measure "$bin" check --format json "$work/many")
echo "| 1,000 × mengshang | $(du -sk "$work/many" | cut -f1) KB | \`check --format json DIR\` | $wall | | $((rss / 1024)) | |"
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
