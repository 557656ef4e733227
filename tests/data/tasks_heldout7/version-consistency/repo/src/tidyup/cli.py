import argparse

from tidyup import __version__


def main():
    parser = argparse.ArgumentParser(prog="tidyup")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.parse_args()
