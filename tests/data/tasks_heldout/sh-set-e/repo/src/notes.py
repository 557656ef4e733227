"""Tiny note-taking CLI."""
import sys


def add(path, text):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text.rstrip("\n") + "\n")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: notes FILE TEXT", file=sys.stderr)
        return 2
    add(*argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
