#!/usr/bin/env python3
"""cover-letter.py OLD NEW DATE: carry the subject and text of the OLD cover
letter into the NEW one that git format-patch wrote with placeholders, and
give it DATE, so that an unchanged series exports to unchanged files."""
import re
import sys

old_path, new_path, date = sys.argv[1:4]
old = open(old_path, encoding="utf-8").read()
new = open(new_path, encoding="utf-8").read()

subject, blurb = "*** SUBJECT HERE ***", "*** BLURB HERE ***"
m = re.search(r"^Subject: \[[^]]*\] (.*(?:\n .*)*)", old, re.M)
if m and "*** SUBJECT HERE ***" not in m.group(1):
    subject = re.sub(r"\n ", " ", m.group(1))
    # The text runs from the end of the headers to git's shortlog, which
    # opens with an author line "Name (N):".
    body = old[old.index("\n\n", m.end()) + 2:]
    end = re.search(r"^\S.* \(\d+\):$", body, re.M)
    blurb = body[: end.start() if end else len(body)].rstrip("\n")

new = new.replace("*** SUBJECT HERE ***", subject, 1)
new = new.replace("*** BLURB HERE ***", blurb, 1)
new = re.sub(r"^Date: .*$", "Date: " + date, new, count=1, flags=re.M)
open(new_path, "w", encoding="utf-8").write(new)
