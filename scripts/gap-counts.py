#!/usr/bin/env python3
"""Counts the gap-log entries of tests/corpus/*.gaps.md: all, closed, partly
closed and open, per policy and in total (docs/corpus.md, "What the language
still cannot say").

An entry starts with `N. **` or `**GN`; it is closed when it carries
"— closed" and partly closed when it carries "— partly closed" (line breaks
inside an entry are read as spaces)."""
import glob
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
total = [0, 0, 0, 0]
print("| policy | gaps logged | closed | partly | open |")
print("|---|---|---|---|---|")
for path in sorted(glob.glob(os.path.join(root, "tests/corpus/*.gaps.md"))):
    entries, cur = [], None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if re.match(r"^\s{0,3}\d+\.\s+\*\*", line) or re.match(r"^\*\*G\d+", line):
            cur = [line]
            entries.append(cur)
        elif line.startswith("#"):
            cur = None
        elif cur is not None:
            cur.append(line)
    closed = partly = 0
    for e in entries:
        text = re.sub(r"\s+", " ", " ".join(e))
        if "— partly closed" in text:
            partly += 1
        elif "— closed" in text:
            closed += 1
    row = [len(entries), closed, partly, len(entries) - closed - partly]
    total = [a + b for a, b in zip(total, row)]
    name = os.path.basename(path)[: -len(".gaps.md")]
    print(f"| {name} | " + " | ".join(map(str, row)) + " |")
print("| **total** | " + " | ".join(map(str, total)) + " |")
