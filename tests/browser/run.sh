#!/usr/bin/env bash
# Real-browser test of the rendered policy pages.
#
# Renders the seed policies and the escaping fixture to HTML (zh and en),
# loads each page in headless Debian Chromium and checks the DOM it built:
# the page parsed (title, headings, annexes present), every in-page link has
# its target, no script ran (the escaping fixture's payload would set
# document.title to "pwned"), no element that loads anything exists. Takes a
# phone (375 px) and a desktop (1280 px) screenshot of each page into
# artifacts/screenshots/ (gitignored) for people to look at.
#
# Prints "N passed, M failed" last; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium"
  apt-get update >/dev/null
  apt-get install -y chromium >/dev/null
fi

# A CJK font, so that the screenshots show Chinese text instead of boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "installing a CJK font"
  apt-get update >/dev/null
  apt-get install -y fonts-wqy-zenhei >/dev/null
fi

cargo build --quiet --bin policyc
bin="${CARGO_TARGET_DIR:-target}/debug/policyc"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shots="artifacts/screenshots"
mkdir -p "$shots"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

chrome() {
  local profile
  profile="$(mktemp -d "$work/profile.XXXXXX")"
  timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}

# The text of the first <title> of a file, with the entities the page and the
# DOM serialiser may spell differently made equal.
title_of() {
  tr '\n' ' ' <"$1" | sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' | head -n 1 |
    sed "s/&#39;/'/g; s/&quot;/\"/g"
}

inputs=(examples/mengshang.policy examples/jinshang.policy tests/fixtures/render/escaping.policy)
for input in "${inputs[@]}"; do
  stem="$(basename "$input" .policy)"
  for lang in zh en; do
    name="$stem.$lang"
    page="$work/$name.html"
    if ! "$bin" render "$input" --to html --lang "$lang" -o "$page" 2>"$work/$name.err"; then
      fail "$name: render failed: $(head -n 3 "$work/$name.err")"
      continue
    fi
    dom="$work/$name.dom.html"
    if ! chrome --dump-dom "file://$page" >"$dom" || [ ! -s "$dom" ]; then
      fail "$name: chromium did not dump a DOM"
      continue
    fi

    # The DOM parsed: root language, title heading, key facts, both annexes.
    ok=1
    for needle in "<html lang=" '<h1 id="top">' 'id="key-facts"' 'id="contents"' 'id="annex-collection"' 'id="annex-sharing"' '</main>'; do
      if ! grep -qF "$needle" "$dom"; then
        fail "$name: DOM lacks $needle"
        ok=0
      fi
    done
    [ "$ok" = 1 ] && pass "$name: page parsed"

    # Every in-page link has its target.
    missing=""
    while IFS= read -r id; do
      grep -qF "id=\"$id\"" "$dom" || missing="$missing #$id"
    done < <(grep -o 'href="#[^"]*"' "$dom" | sed 's/^href="#//; s/"$//' | sort -u)
    links="$(grep -o 'href="#[^"]*"' "$dom" | sort -u | wc -l)"
    if [ -z "$missing" ] && [ "$links" -gt 0 ]; then
      pass "$name: $links in-page links resolve"
    else
      fail "$name: in-page links without target:${missing:- (no links at all)}"
    fi

    # No script ran and nothing loads: the title is the one written, the
    # payload's title never appears, no script/img/iframe element exists.
    want="$(title_of "$page")"
    got="$(title_of "$dom")"
    if [ -n "$want" ] && [ "$want" = "$got" ] && ! grep -qiE '<(script|img|iframe|object|embed|link)[ >]' "$dom"; then
      pass "$name: no script ran (title unchanged)"
    else
      fail "$name: title changed or active element present (want '$want', got '$got')"
    fi

    # Screenshots at phone and desktop width.
    for width in 375 1280; do
      shot="$shots/$name.$width.png"
      rm -f "$shot"
      chrome --screenshot="$PWD/$shot" --window-size="$width,2400" "file://$page" >/dev/null || true
      if [ -s "$shot" ]; then
        pass "$name: screenshot at ${width}px"
      else
        fail "$name: no screenshot at ${width}px"
      fi
    done
  done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
