#!/usr/bin/env bash
# Regenerates tests/fixtures/i18n/fingerprints.tsv: the file, code, line and
# fingerprint of every finding `policyc check --format json --lang en` reports
# on the files the fixture covers. tests/i18n.rs then checks that both
# languages give exactly these fingerprints (they hash the English text, so a
# translation never moves a baseline).
#
# Run it only when a change is meant to alter findings (a rule, a
# transcription); review the diff of the fixture like a snapshot: a message
# reworded without meaning to shows up as changed fingerprints.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin policyc
bin="${CARGO_TARGET_DIR:-target}/debug/policyc"
fixture=tests/fixtures/i18n/fingerprints.tsv
files=$(grep -v '^#' "$fixture" | cut -f1 | sort -u)
{
  echo "# file, code, line, fingerprint of \`policyc check --format json --lang en\` (scripts/fingerprints.sh)."
  echo "# Fingerprints hash the English text: both languages must give exactly these."
  for f in $files; do
    "$bin" check --format json --lang en "$f" 2>/dev/null | python3 -c '
import json, sys
for e in json.load(sys.stdin)["findings"]:
    print("\t".join([e["file"], e["code"], str(e["line"]), e["fingerprint"]]))
' || true
  done
} > "$fixture.new"
mv "$fixture.new" "$fixture"
