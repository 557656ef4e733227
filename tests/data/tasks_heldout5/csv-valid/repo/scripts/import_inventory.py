"""Nightly import: reads data/inventory.csv into the warehouse DB (connection settings from the environment)."""
import csv
import os
import sys


def main(path="data/inventory.csv"):
    dsn = os.environ.get("WAREHOUSE_DSN")
    if not dsn:
        sys.exit("WAREHOUSE_DSN is not set")
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    print(f"would import {len(rows)} rows into {dsn}")


if __name__ == "__main__":
    main()
