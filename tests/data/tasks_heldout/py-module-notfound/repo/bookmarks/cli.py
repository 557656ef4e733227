import argparse
import os

from bookmarks.storage import load, save
from bookmarks.tags import normalize_tags


def default_path():
    return os.environ.get("BOOKMARKS_FILE", os.path.expanduser("~/.bookmarks.tsv"))


def main(argv=None):
    p = argparse.ArgumentParser(prog="bookmarks")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("add")
    a.add_argument("url")
    a.add_argument("--tag", action="append", default=[])
    ls = sub.add_parser("list")
    ls.add_argument("--tag")
    args = p.parse_args(argv)
    path = default_path()
    items = load(path)
    if args.cmd == "add":
        items.append((args.url, normalize_tags(args.tag)))
        save(path, items)
        return 0
    for url, tags in items:
        if args.tag is None or args.tag in tags:
            print(url, ",".join(tags))
    return 0
