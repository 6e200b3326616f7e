#!/usr/bin/env bash
# Real-browser test of the rendered policy pages.
#
# Renders every example, every corpus transcription and the escaping fixture
# to HTML (zh and en, as one linked pair), loads each page in headless Debian
# Chromium and checks the DOM it built: the page parsed (title, headings,
# annexes present), every in-page link has its target, no script ran (the
# escaping fixture's payload would set document.title to "pwned"), no
# element that loads anything exists. measure.js (in frame.html) then
# measures each page at 375 px and 1280 px from outside: visible text against
# the source text (seeds: at most 1.3x), the summary within 1.5 screens and
# its links, deletion route and contact from the summary, nothing wider than
# the phone, tables' captions and scopes, focusable scroll regions, the skip
# link. The seeds are printed to PDF: A4, title, version and date in the
# margin of every page (checked with pdfinfo/pdftotext), pages counted. Takes a
# phone (375 px) and a desktop (1280 px) screenshot of each page into
# artifacts/screenshots/ (gitignored) for people to look at.
#
# The source texts of the seeds and corpus are looked for in
# $POLICYC_SEEDS (seeds) and $POLICYC_CORPUS, else ../shared/seeds and
# ../shared/corpus beside the clone; when absent, the ratio check says so
# and is skipped.
#
# Arguments: the policies to test (default: every example, every corpus
# transcription and the escaping fixture).
#
# Prints "N passed, M failed" last; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium"
  apt-get update >/dev/null
  apt-get install -y chromium >/dev/null
fi

# poppler's pdfinfo and pdftotext, to read the printed PDFs.
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  echo "installing poppler-utils"
  apt-get update >/dev/null
  apt-get install -y poppler-utils >/dev/null
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

# Headless Chromium, with a fresh profile per run. A run the browser itself
# kills (a signal: exit status above 128, e.g. 139 for the occasional crash
# of a headless screenshot on a loaded machine) is tried again, twice at
# most; any other failure is the page's and is returned as it is.
chrome() {
  local profile status attempt
  for attempt in 1 2 3; do
    profile="$(mktemp -d "$work/profile.XXXXXX")"
    status=0
    timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null ||
      status=$?
    if [ "$status" -le 128 ]; then
      return "$status"
    fi
    echo "note chromium exited with status $status (attempt $attempt of 3)" >&2
  done
  return "$status"
}

# The text of the first <title> of a file, with the entities the page and the
# DOM serialiser may spell differently made equal.
title_of() {
  tr '\n' ' ' <"$1" | sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' | head -n 1 |
    sed "s/&#39;/'/g; s/&quot;/\"/g"
}

seeds="${POLICYC_SEEDS:-../shared/seeds}"
corpus_src="${POLICYC_CORPUS:-../shared/corpus}"
# Non-white-space characters of a source text (0 when absent).
source_chars() {
  if [ -n "$1" ] && [ -f "$1" ]; then
    tr -d ' \t\r\n\f\v' <"$1" | sed 's/\xe3\x80\x80//g' | LC_ALL=C.UTF-8 wc -m | tr -d ' '
  else
    echo 0
  fi
}
source_of() {
  case "$1" in
    mengshang) echo "$seeds/mengshang-2021-09-15.txt" ;;
    jinshang) echo "$seeds/jinshang.txt" ;;
    *) if [ -f "$corpus_src/$1.txt" ]; then echo "$corpus_src/$1.txt"; fi ;;
  esac
}
cp tests/browser/frame.html tests/browser/measure.js "$work/"
measures="artifacts/measures.txt"
: >"$measures"

# The policies given as arguments, else all of them.
if [ "$#" -gt 0 ]; then
  inputs=("$@")
else
  inputs=(examples/*.policy tests/corpus/*.policy tests/fixtures/render/escaping.policy)
fi
for input in "${inputs[@]}"; do
  stem="$(basename "$input" .policy)"
  # Both languages as one linked pair.
  if ! "$bin" render "$input" --to html --lang zh,en -o "$work/$stem.html" 2>"$work/$stem.err"; then
    fail "$stem: render --lang zh,en failed: $(head -n 3 "$work/$stem.err")"
    continue
  fi
  if grep -qF "href=\"$stem.en.html\"" "$work/$stem.zh.html" && grep -qF "href=\"$stem.zh.html\"" "$work/$stem.en.html"; then
    pass "$stem: zh and en pages link to each other"
  else
    fail "$stem: zh and en pages do not link to each other"
  fi
  for lang in zh en; do
    name="$stem.$lang"
    page="$work/$name.html"
    dom="$work/$name.dom.html"
    if ! chrome --dump-dom "file://$page" >"$dom" || [ ! -s "$dom" ]; then
      fail "$name: chromium did not dump a DOM"
      continue
    fi

    # The DOM parsed: root language, title heading, key facts, both annexes.
    ok=1
    for needle in "<html lang=" '<h1 id="top">' 'id="summary"' 'id="contents"' 'id="annex-collection"' 'id="annex-sharing"' '</main>'; do
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

    # Measured from outside at phone and desktop width.
    src_file="$(source_of "$stem")"
    chars=0
    limit=99
    case "$stem" in mengshang | jinshang) limit=1.3 ;; esac
    if [ "$lang" = zh ]; then
      chars="$(source_chars "$src_file")"
      if [ "$chars" = 0 ] && [ "$limit" != 99 ]; then
        echo "skip $name: source text not found (set POLICYC_SEEDS); text ratio not checked"
      fi
    fi
    for width in 375 1280; do
      url="file://$work/frame.html?name=$name@$width&width=$width&height=800&src=$chars&maxratio=$limit&page=$(basename "$page")"
      chrome --allow-file-access-from-files --virtual-time-budget=20000 --dump-dom "$url" >"$work/$name.$width.measure" || true
      if ! grep -q '^done$' "$work/$name.$width.measure"; then
        fail "$name@$width: measure did not finish"
        continue
      fi
      grep '^measure ' "$work/$name.$width.measure" | tee -a "$measures" || true
      while IFS= read -r line; do
        case "$line" in
          "ok   "*) pass "${line#ok   }" ;;
          "FAIL "*) fail "${line#FAIL }" ;;
        esac
      done <"$work/$name.$width.measure"
    done

    # Printed (A4), for the seeds: the paper size, the title in the top
    # margin and the version and date in the bottom margin of every page
    # (the print sheet's @page boxes), and the page count.
    case "$stem" in
      mengshang | jinshang)
        pdf="$work/$name.pdf"
        chrome --no-pdf-header-footer --print-to-pdf="$pdf" "file://$page" >/dev/null || true
        if [ -s "$pdf" ] && pages="$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" && [ -n "$pages" ]; then
          echo "measure $name print_pages=$pages" | tee -a "$measures"
          pass "$name: printed to PDF ($pages pages)"
          size="$(pdfinfo "$pdf" | sed -n 's/^Page size: *//p')"
          case "$size" in
            *"(A4)"*) pass "$name: printed on A4 ($size)" ;;
            *) fail "$name: printed page size is not A4: $size" ;;
          esac
          # What the margins must say, without white space (the PDF's text
          # may break a long title or put spaces between characters).
          want_title="$(title_of "$page" | tr -d ' \t')"
          meta="$(sed -n 's/.*@bottom-left { content: "\([^"]*\)".*/\1/p' "$page" | head -n 1)"
          want_meta="$(printf '%s' "$meta" | tr -d ' \t')"
          short=""
          for ((i = 1; i <= pages; i++)); do
            got="$(pdftotext -q -enc UTF-8 -f "$i" -l "$i" "$pdf" - | tr -d ' \t\r\n\f')"
            case "$got" in *"$want_title"*) ;; *) short="$short title@$i" ;; esac
            case "$got" in *"$want_meta"*) ;; *) short="$short meta@$i" ;; esac
            case "$got" in *"$i/$pages"*) ;; *) short="$short number@$i" ;; esac
          done
          if [ -z "$want_meta" ]; then
            fail "$name: the print sheet has no version and date for the margin"
          elif [ -z "$short" ]; then
            pass "$name: every printed page has the title, '$meta' and its number in the margin"
          else
            fail "$name: printed margins lack:$(echo "$short" | cut -c1-200)"
          fi
        else
          fail "$name: no PDF"
        fi
        ;;
    esac

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
