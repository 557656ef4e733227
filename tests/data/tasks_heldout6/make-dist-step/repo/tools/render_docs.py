"""Renders docs/*.md (each starts with a 'title:' front-matter line) into HTML pages."""
import html
import os
import sys


def front_matter(text):
    meta = {}
    lines = text.splitlines()
    if lines and lines[0] == "---":
        for line in lines[1:lines.index("---", 1)]:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    return meta


def main(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        text = open(os.path.join(src, name), encoding="utf-8").read()
        meta = front_matter(text)
        page = f"<h1>{html.escape(meta['title'])}</h1>\n<pre>{html.escape(text)}</pre>\n"
        with open(os.path.join(dst, name.replace(".md", ".html")), "w", encoding="utf-8") as fh:
            fh.write(page)
        print("rendered", name)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
