import argparse
import csv
import json
import sys


def summary(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    qty = sum(int(r["qty"]) for r in rows)
    low = sorted(r["sku"] for r in rows if int(r["qty"]) < 5)
    return {"skus": len(rows), "units": qty, "low_stock": low}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="invstat", description="Inventory statistics.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("summary", help="totals for an inventory CSV")
    p.add_argument("csv")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    args = parser.parse_args(argv)
    result = summary(args.csv)
    if args.format == "json":
        json.dump(result, sys.stdout)
        print()
    else:
        print(f"{result['skus']} SKUs, {result['units']} units; low stock: {', '.join(result['low_stock']) or 'none'}")


if __name__ == "__main__":
    main()
