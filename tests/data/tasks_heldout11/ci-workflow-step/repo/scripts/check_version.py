"""Fails when the package version is not the newest CHANGELOG entry."""
import re
import sys

version = re.search(r'"(.+)"', open("src/slugkit/version.py").read()).group(1)
top = re.search(r"^## (\S+)", open("CHANGELOG.md").read(), re.M).group(1)
if version != top:
    sys.exit(f"version {version} in src/slugkit/version.py but CHANGELOG.md's newest entry is {top}")
print(f"version {version} ok")
