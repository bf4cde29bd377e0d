#!/usr/bin/python3
"""oci-check.py RST TEST: every literal block that follows a comment
".. oci-profile: NAME" in RST must be exactly what "TEST --oci NAME" prints,
so that the profile the documentation publishes is the one the selftest
loads and checks. Prints one line per block; fails on a difference or when
the page has no such block."""
import difflib
import re
import subprocess
import sys

rst_path, test = sys.argv[1:3]
lines = open(rst_path, encoding="utf-8").read().split("\n")
found = 0
status = 0
for i, line in enumerate(lines):
    m = re.match(r"^\.\. oci-profile: (\S+)$", line)
    if not m:
        continue
    name = m.group(1)
    # the literal block: after the "::" line, the indented lines
    j = lines.index("::", i)
    block = []
    for text in lines[j + 1:]:
        if text and not text[0].isspace():
            break
        block.append(text[1:] if text.startswith("\t") else text.strip())
    doc = "\n".join(block).strip("\n") + "\n"
    out = subprocess.run([test, "--oci", name], capture_output=True,
                         text=True, check=True).stdout
    found += 1
    if doc == out:
        print(f"{name}: the published profile is the tested one")
    else:
        status = 1
        print(f"{name}: the page differs from what the test loads:")
        sys.stdout.writelines(difflib.unified_diff(
            out.splitlines(True), doc.splitlines(True), "test", "page"))
if not found:
    print(f"{rst_path}: no '.. oci-profile:' block")
    status = 1
sys.exit(status)
