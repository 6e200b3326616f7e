#!/usr/bin/env bash
# Part of .ci/run: what the adoption files promise, checked on this machine.
#  - GitLab Code Quality and JUnit reports of every example and corpus policy
#    validate against tests/schemas/ (python jsonschema, xmlschema);
#  - their SARIF passes Microsoft's SARIF multitool with no error or warning;
#  - the pre-commit hooks' commands and the GitLab template's script run on
#    the examples with the expected exit statuses;
#  - the Dockerfile builds, when a docker engine works.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --bin policyc
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
export PATH="$target/debug:$PATH"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
inputs=(examples/*.policy examples/history/*.policy tests/corpus/*.policy tests/fixtures/cli/broken.policy)

echo "== reports of ${#inputs[@]} policies"
for f in "${inputs[@]}"; do
  n="$(basename "$f" .policy)"
  for fmt in gitlab junit sarif; do
    status=0
    policyc check "$f" --format "$fmt" -o "$work/$n.$fmt" || status=$?
    [ "$status" -le 2 ] || { echo "policyc check $f --format $fmt: exit $status"; exit 1; }
  done
done

# The Chinese reports too: their rule texts and result lines are the zh pages'.
for fmt in gitlab junit sarif; do
  status=0
  policyc check examples/jinshang.policy --lang zh --format "$fmt" -o "$work/jinshang-zh.$fmt" || status=$?
  [ "$status" -le 2 ] || { echo "policyc check --lang zh --format $fmt: exit $status"; exit 1; }
done

echo "== GitLab and JUnit reports against tests/schemas/"
python3 -c 'import jsonschema, xmlschema' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check jsonschema xmlschema
python3 tests/schemas/validate.py gitlab "$work"/*.gitlab >/dev/null
python3 tests/schemas/validate.py junit "$work"/*.junit >/dev/null
echo "all valid"

echo "== SARIF multitool (@microsoft/sarif-multitool)"
tool="$work/sarif-multitool"
npm install --silent --no-save --no-audit --no-fund --prefix "$tool" @microsoft/sarif-multitool >/dev/null
# npm may not run the package's postinstall (which makes the binary executable)
chmod u+x "$tool"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null || true
out="$("$tool/node_modules/.bin/sarif-multitool" validate "$work"/*.sarif 2>&1)" || { echo "$out"; exit 1; }
if grep -E ': (error|warning) ' <<<"$out"; then
  echo "the SARIF multitool reports errors or warnings"
  exit 1
fi
grep -E 'files scanned' <<<"$out"

echo "== pre-commit hooks' commands on the examples"
hook() { python3 -c 'import sys, yaml
for h in yaml.safe_load(open(".pre-commit-hooks.yaml")):
    if h["id"] == sys.argv[1]: print(h["entry"])' "$1"; }
status=0; $(hook policyc-check) examples/jinshang.policy examples/minimal.policy 2>/dev/null || status=$?
[ "$status" -eq 1 ] || { echo "policyc-check hook: exit $status, expected 1 (findings)"; exit 1; }
cp -r examples "$work/fmt"
$(hook policyc-fmt) $(find "$work/fmt" -name '*.policy')
diff -r examples "$work/fmt" >/dev/null || { echo "policyc-fmt hook changed formatted examples"; exit 1; }
echo "policyc-check: exit 1 on findings; policyc-fmt: examples unchanged"

echo "== GitLab template's script on the examples"
python3 - "$work" <<'PY'
import os, subprocess, sys, yaml
work = sys.argv[1]
doc = yaml.safe_load(open("ci/gitlab-policyc.yml"))
env = dict(os.environ, **{k: str(v) for k, v in doc["variables"].items()})
env["POLICYC_PATHS"] = "examples/"
statuses = []
for line in doc["policyc"]["script"]:
    if line.startswith("cargo install"):
        continue  # the binary built here is on PATH
    statuses.append(subprocess.run(["bash", "-c", line], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)
if statuses != [0, 0, 1]:
    sys.exit(f"template script statuses {statuses}, expected [0, 0, 1] (reports written, gate fails on findings)")
for report in doc["policyc"]["artifacts"]["reports"].values():
    os.replace(report, os.path.join(work, "template-" + report))
PY
python3 tests/schemas/validate.py gitlab "$work/template-gl-code-quality-report.json"
python3 tests/schemas/validate.py junit "$work/template-policyc-junit.xml"

echo "== docker build"
if docker info >/dev/null 2>&1; then
  docker build -t policyc:ci .
  docker run --rm -v "$PWD/examples:/work" policyc:ci check minimal.policy || [ $? -eq 1 ]
else
  echo "skipped: no docker engine (docker info fails)"
fi
