#!/usr/bin/env python3
"""Lists every language addition the corpus needed, with the sentences that
needed it: reads the gap logs (tests/corpus/*.gaps.md), takes each closed or
partly closed entry's construct (the first `…` after "closed by") and the
entry's first quoted source phrase, and prints one row per construct keyword
(the first word of the construct, e.g. `others-consent`), with the gaps that
asked for it. docs/corpus.md ("Language additions") holds its output.

Entries are found as scripts/gap-counts.py finds them."""
import glob
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
QUOTE = re.compile(r"[“\"]([^”\"]*[\u3400-\u9fff][^”\"]*)[”\"]")
rows = {}
open_entries = []
for path in sorted(glob.glob(os.path.join(root, "tests/corpus/*.gaps.md"))):
    name = os.path.basename(path)[: -len(".gaps.md")]
    entries, cur = [], None
    for line in open(path, encoding="utf-8").read().split("\n"):
        m = re.match(r"^\s{0,3}(\d+)\.\s+\*\*", line) or re.match(r"^\*\*(G\d+)", line)
        if m:
            cur = [m.group(1), line]
            entries.append(cur)
        elif line.startswith("#"):
            cur = None
        elif cur is not None:
            cur.append(line)
    for e in entries:
        gid, text = e[0], re.sub(r"\s+", " ", " ".join(e[1:]))
        m = re.search(r"— (partly )?closed by[^`]*`([^`]+)`", text)
        if not m:
            if "— closed" not in text and "— partly closed" not in text:
                open_entries.append(f"{name} {gid}")
            continue
        construct = m.group(2).strip()
        key = re.split(r"[\s{(]", construct, maxsplit=1)[0] or construct
        inner = re.search(r"\{\s*([a-z][a-z-]*)", construct)
        if inner:
            key += " { " + inner.group(1) + " }"
        q = QUOTE.search(text)
        phrase = q.group(1) if q else ""
        if len(phrase) > 40:
            phrase = phrase[:40] + "…"
        cite = f"{name} {gid}" + (f" “{phrase}”" if phrase else "")
        if m.group(1):
            cite += " (partly)"
        rows.setdefault(key, []).append(cite)

print("| construct | gaps that needed it (policy, gap, the source's words) |")
print("|---|---|")
for key in sorted(rows):
    print(f"| `{key}` | " + "; ".join(rows[key]) + " |")
if open_entries:
    print()
    print("Open: " + ", ".join(open_entries))
