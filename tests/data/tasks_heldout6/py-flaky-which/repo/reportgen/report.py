import csv
import os


def totals(rows):
    out = {}
    for region, amount in rows:
        out[region] = out.get(region, 0) + amount
    return dict(sorted(out.items()))


def export(rows, path="out/report.csv"):
    if os.path.exists(path):
        raise FileExistsError(f"refusing to overwrite {path}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["region", "total"])
        for region, total in totals(rows).items():
            writer.writerow([region, total])
    return path
