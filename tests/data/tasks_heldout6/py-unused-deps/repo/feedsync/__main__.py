import sys

from .config import load
from .fetch import fetch


def main():
    cfg = load(sys.argv[1])
    for when, title in fetch(cfg["url"]):
        print(when.date(), title)
