import csv


def load(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))
