"""Sum the amount column of a CSV export, optionally grouped by another column."""
import argparse
import csv
from collections import defaultdict


def parse_amount(text):
    # exports use a comma as the thousands separator: "1,250.00"
    return float(text.replace(",", ""))


def totals(path, by=None):
    sums = defaultdict(float)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = row[by] if by else "total"
            sums[key] += parse_amount(row["amount"])
    return dict(sums)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--by")
    args = ap.parse_args()
    for key, value in sorted(totals(args.csv, args.by).items()):
        print(f"{key:<10} {value:>12,.2f}")


if __name__ == "__main__":
    main()
