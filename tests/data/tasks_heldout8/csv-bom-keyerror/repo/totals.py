"""Sums the amount column per region of a sales export."""
import csv
import sys
from collections import defaultdict


def main(path):
    totals = defaultdict(float)
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            totals[row["region"]] += float(row["amount"])
    for region, amount in sorted(totals.items()):
        print(f"{region:<8} {amount:10.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
