#!/usr/bin/env bash
# Build the fuzz targets once, then run each in turn, one job at a time.
# Usage: fuzz/run-all.sh [SECONDS_PER_TARGET...] (defaults: compile_check 600,
# render 420, diff 420, verify_read 300). Set TARGETS="render diff" to run only some targets
# (the seconds then apply in that order). Needs cargo-fuzz; on a stable
# toolchain RUSTC_BOOTSTRAP=1 lets it use the nightly-only flags.
# NO_BUILD=1 runs the binaries already built.
set -uo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
[ -d corpus ] || ./seed-corpus.sh
read -r -a targets <<< "${TARGETS:-compile_check render diff verify_read}"
defaults=(600 420 420 300)
args=("$@")
if [ -z "${NO_BUILD:-}" ]; then
  cargo fuzz build -O || exit 1
fi
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for i in "${!targets[@]}"; do
  t="${targets[$i]}"
  secs="${args[$i]:-${defaults[$i]:-420}}"
  mkdir -p "artifacts/$t" "corpus/$t"
  echo "== $t for $secs s ($(date -u +%H:%M:%S))"
  dict=policy.dict
  [ "$t" = verify_read ] && dict=verify.dict
  "$bin/$t" -artifact_prefix="artifacts/$t/" -dict="$dict" -max_total_time="$secs" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -report_slow_units=2 -print_final_stats=1 \
    "corpus/$t" > "logs/$t.log" 2>&1
  status=$?
  grep -E "^#[0-9]+ +(INITED|DONE)|ERROR|panicked|SUMMARY|Slowest|stat::" "logs/$t.log" | tail -n 20
  echo "== $t exit $status; corpus $(ls "corpus/$t" | wc -l) files"
done
