#!/usr/bin/python3
"""rst-check.py FILE...: fail on any docutils warning or error in FILE.
Plain reStructuredText only: the kernel's Sphinx extensions are not known
here, so pages added by the series keep to plain markup."""
import sys

import docutils.core
import docutils.utils

status = 0
for path in sys.argv[1:]:
    try:
        docutils.core.publish_doctree(
            open(path, encoding="utf-8").read(), source_path=path,
            settings_overrides={"halt_level": 2, "report_level": 2})
    except docutils.utils.SystemMessage as e:
        print(f"{path}: {e}")
        status = 1
sys.exit(status)
