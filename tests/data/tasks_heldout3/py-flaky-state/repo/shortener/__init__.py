"""Tiny URL shortener with a JSON file store."""
import hashlib
import json
import os

STORE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "links.json")


def code_for(url):
    return hashlib.sha1(url.encode()).hexdigest()[:7]


def load():
    if not os.path.exists(STORE):
        return {}
    with open(STORE) as f:
        return json.load(f)


def save(links):
    with open(STORE, "w") as f:
        json.dump(links, f)


def shorten(url):
    links = load()
    code = code_for(url)
    created = code not in links
    links[code] = url
    save(links)
    return code, created


def expand(code):
    return load().get(code)
