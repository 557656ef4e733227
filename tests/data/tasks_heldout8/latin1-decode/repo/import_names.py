"""Imports the staff list (name;city) exported by each office."""
import sys


def main(path):
    with open(path, encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split(";") for line in fh if line.strip()]
    for name, city in rows[1:]:
        print(f"{name:<20} {city}")
    print(f"{len(rows) - 1} people imported")


if __name__ == "__main__":
    main(sys.argv[1])
