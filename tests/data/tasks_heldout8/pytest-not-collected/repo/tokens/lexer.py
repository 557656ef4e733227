import re

TOKEN = re.compile(r"\d+|[A-Za-z_]\w*|\S")


def tokenize(text):
    return TOKEN.findall(text)
