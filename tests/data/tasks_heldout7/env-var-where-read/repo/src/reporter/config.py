import os
from pathlib import Path

DEFAULT_CACHE = "~/.cache/reporter"


def cache_dir() -> Path:
    return Path(os.environ.get("REPORTER_CACHE_DIR", DEFAULT_CACHE)).expanduser()


def api_url() -> str:
    return os.environ.get("REPORTER_API_URL", "https://reports.example.com")
