import re
import sys

TAG = re.compile(r"<[^>]+>")


def strip_tags(html: str) -> str:
    return " ".join(TAG.sub(" ", html).split())


def main() -> int:
    print(strip_tags(sys.stdin.read()))
    return 0
