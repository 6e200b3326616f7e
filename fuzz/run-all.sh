#!/usr/bin/env bash
# Run every fuzz target in turn. Usage: fuzz/run-all.sh [SECONDS_PER_TARGET...]
# (defaults: compile_check 600, render 360, diff 360). Needs cargo-fuzz; on a
# stable toolchain RUSTC_BOOTSTRAP=1 lets it use the nightly-only flags.
set -uo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
[ -d corpus ] || ./seed-corpus.sh
times=("${1:-600}" "${2:-360}" "${3:-360}")
targets=(compile_check render diff)
for i in 0 1 2; do
  t="${targets[$i]}"
  echo "== $t for ${times[$i]} s"
  cargo fuzz run -O "$t" "corpus/$t" -- -dict=policy.dict -max_total_time="${times[$i]}" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -report_slow_units=2 -print_final_stats=1 \
    2>&1 | tee "logs/$t.log" | grep -E "^#[0-9]+ +(INITED|DONE|REDUCE|NEW)|ERROR|panicked|SUMMARY|Slowest|stat::" | tail -n 40
  echo "== $t exit ${PIPESTATUS[0]}"
done
