import sys

from jobs.core import run


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    return run([], dry_run="--dry-run" in argv)
