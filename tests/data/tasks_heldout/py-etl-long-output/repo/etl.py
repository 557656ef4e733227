"""Load orders from a gzipped CSV, validate them and write JSON lines."""
import argparse
import csv
import datetime as dt
import gzip
import json
import os
import sys


def parse_row(row):
    order_id = int(row["order_id"])
    day = dt.date.fromisoformat(row["date"])
    amount = round(float(row["amount"]), 2)
    return {"id": order_id, "date": day.isoformat(), "amount": amount, "sku": row["sku"]}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default="data/orders.csv.gz")
    ap.add_argument("--out", default="out/orders.jsonl")
    args = ap.parse_args(argv)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    written = 0
    with gzip.open(args.input, "rt", newline="") as src, open(args.out, "w") as dst:
        for lineno, row in enumerate(csv.DictReader(src), start=2):
            try:
                rec = parse_row(row)
            except ValueError as e:
                print(f"ERROR {args.input}:{lineno}: order {row.get('order_id')}: {e}", file=sys.stderr, flush=True)
                continue
            dst.write(json.dumps(rec) + "\n")
            written += 1
            print(f"order {rec['id']} {rec['date']} {rec['amount']:.2f} ok", flush=True)
    print(f"wrote {written} orders to {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
