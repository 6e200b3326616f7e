#!/usr/bin/env bash
# Seed the fuzz corpora from the examples and every fixture, and build the
# keyword dictionary from the grammar.
set -euo pipefail
cd "$(dirname "$0")"
for t in compile_check render diff; do
  mkdir -p "corpus/$t"
  for f in ../examples/*.policy ../examples/history/*.policy $(find ../tests/fixtures -name '*.policy'); do
    cp "$f" "corpus/$t/$(echo "$f" | tr '/.' '__')"
  done
done
# diff inputs: two versions separated by a NUL byte
for d in ../tests/fixtures/diff/*/; do
  [ -f "$d/old.policy" ] || continue
  { cat "$d/old.policy"; printf '\0'; cat "$d/new.policy"; } > "corpus/diff/pair_$(basename "$d")"
done
{ cat ../examples/history/jinshang-v1.policy; printf '\0'; cat ../examples/history/jinshang-v2.policy; } > corpus/diff/pair_history
sed -n 's/^kw_[a-z0-9_]* *= @{ "\([^"]*\)".*/"\1"/p' ../grammar/policy.pest > policy.dict
printf '"{"\n"}"\n"="\n","\n"\\""\n"\\"\\"\\""\n"//"\n" en "\n' >> policy.dict
# verify_read: every build file of tests/verify (not the policies) and its own
# dictionary of the readers' tokens (XML, plist, Gradle, TOML, JSON5 keys).
mkdir -p corpus/verify_read
find ../tests/verify -type f ! -name '*.policy' ! -name '*.md' | while read -r f; do
  cp "$f" "corpus/verify_read/$(echo "$f" | tr '/.' '__')"
done
cat > verify.dict <<'DICT'
"<?xml version=\"1.0\"?>"
"<manifest"
"xmlns:android=\"http://schemas.android.com/apk/res/android\""
"xmlns:tools=\"http://schemas.android.com/tools\""
"<uses-permission"
"<uses-permission-sdk-23"
"android:name="
"tools:node=\"remove\""
"<queries>"
"<package"
"<meta-data"
"<application"
"${applicationId}"
"<plist version=\"1.0\">"
"<dict>"
"<key>"
"</key>"
"<string>"
"<array>"
"<true/>"
"NSCameraUsageDescription"
"NSPrivacyCollectedDataTypes"
"NSPrivacyAccessedAPITypes"
"implementation"
"api("
"dependencies {"
"[libraries]"
"[versions]"
"module ="
"version.ref ="
"+---"
"\\---"
"\"permission\""
"\"requiredPrivateInfos\""
"\"requestPermissions\""
"\"scope.userLocation\""
"ohos.permission."
"android.permission."
DICT
echo "corpora seeded; $(wc -l < policy.dict) dictionary entries"
