"""Print the N most frequent values of a CSV column."""
import argparse
import collections
import csv


def main(argv=None):
    ap = argparse.ArgumentParser(prog="topn.py", description=__doc__)
    ap.add_argument("csv_file")
    ap.add_argument("--column", default="city")
    ap.add_argument("--limit", type=int, default=5)
    args = ap.parse_args(argv)
    with open(args.csv_file, newline="") as fh:
        counts = collections.Counter(row[args.column] for row in csv.DictReader(fh))
    for value, n in counts.most_common(args.limit):
        print(f"{n:5d}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
