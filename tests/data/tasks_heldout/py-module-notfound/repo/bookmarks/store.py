import os


def load(path):
    if not os.path.exists(path):
        return []
    items = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            url, _, tags = line.rstrip("\n").partition("\t")
            items.append((url, [t for t in tags.split(",") if t]))
    return items


def save(path, items):
    with open(path, "w", encoding="utf-8") as fh:
        for url, tags in items:
            fh.write(f"{url}\t{','.join(tags)}\n")
