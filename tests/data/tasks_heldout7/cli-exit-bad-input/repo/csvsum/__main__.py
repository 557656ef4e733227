import csv
import sys


def total(path):
    with open(path, newline="") as fh:
        return sum(float(row["amount"]) for row in csv.DictReader(fh))


def main(argv):
    if len(argv) != 1:
        print("usage: python3 -m csvsum FILE.csv", file=sys.stderr)
        return 2
    try:
        value = total(argv[0])
    except FileNotFoundError:
        print(f"error: no such file: {argv[0]}", file=sys.stderr)
        return 0
    print(f"total: {value:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
