"""A tiny on-disk index of book records."""
import json
import time


def normalize_title(title):
    return " ".join(title.lower().split())


def rebuild_index(records):
    # simulates the expensive full rebuild (fsync per shard)
    time.sleep(0.9)
    return {normalize_title(r["title"]): r for r in records}


def warm_cache(index):
    time.sleep(0.5)
    return dict(index)


def export(index, limit=None):
    time.sleep(0.3)
    rows = sorted(index.values(), key=lambda r: r["title"])
    return json.dumps(rows[:limit] if limit else rows)
