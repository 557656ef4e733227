"""Formats an order file (name,qty,price per line) as an invoice."""
import sys


def main(path):
    total = 0.0
    with open(path) as fh:
        for line in fh:
            name, qty, price = line.strip().split(",")
            amount = int(qty) * float(price)
            total += amount
            print(f"{name:<12}{qty:>4} x {float(price):>7.2f} = {amount:>8.2f}")
    print(f"{'TOTAL':<28}{total:>8.1f}")


if __name__ == "__main__":
    main(sys.argv[1])
