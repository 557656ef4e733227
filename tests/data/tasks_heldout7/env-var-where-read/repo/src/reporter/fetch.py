import os

from reporter.config import api_url, cache_dir


def fetch(name: str) -> str:
    target = cache_dir() / f"{name}.json"
    if os.getenv("REPORTER_OFFLINE"):
        return target.read_text()
    return f"GET {api_url()}/{name}"
