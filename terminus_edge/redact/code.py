"""Is a value source code? Tracebacks, `pytest -l` and `cat app.py` print code around secret-named keys
(`password: str`, `token = self.token`, `api_key = get_api_key()`): those values are types, calls, attribute
paths or identifiers made of words, not secrets."""

from __future__ import annotations

import re

_CODE_TYPES = frozenset(
    "str int bytes bool float string number any object dict list tuple set none optional secretstr "
    "secretbytes text varchar char uuid self cls".split())
_CODE_EXPR = re.compile(r"^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*(?:[\[(].*)?$")
_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def _wordlike(part: str) -> bool:
    if part.isdigit():
        return len(part) <= 5
    if part.isupper():
        return len(part) <= 10
    letters = part.lower()
    return len(letters) <= 14 and (len(letters) <= 4 or bool(re.search(r"[aeiouy]", letters)))


_OBJECTS = frozenset("self cls this os config settings kwargs args env environ options opts params request req "
                     "ctx context app creds credentials secrets auth cfg conf data payload user form body".split())


def is_code_expr(value: str) -> bool:
    """Unmistakably source code, even under a password-named key: a type (`str`, `Optional[str]`), a call
    or subscript (`kwargs.get("password")`, `q[...]`), an attribute of a common object (`self.password`)."""
    v = value.strip()
    if v.lower() in _CODE_TYPES or re.match(r"(?:True|False|None|null|nil)\b(?!$)|.*\{[^{}\s]*\}|.*%\(?\w*\)?s", v):
        return True  # a literal inside an expression (`True)[0]`), a format template (`a.{bid}.pw1`)
    if not _CODE_EXPR.match(v):
        return False
    head = re.split(r"[\[(]", v, 1)[0]
    if head != v:
        return all(_wordlike(p) for p in _PART.findall(head))
    return "." in v and v.split(".", 1)[0] in _OBJECTS


# Numbers inside word-built names are short (HTTP2, X509, SHA512, Ed25519, ClientV2): a run of 6+ digits is data
# (shorter numbers are judged by generated_identifier).
_CAMEL = re.compile(r"(?:[a-z]{2,}|[A-Z]{1,8}\d{0,5}|[A-Z][a-z]{0,2}\d{1,5})?(?:[A-Z][a-z]{2,}\d{0,5}){1,8}"
                    r"(?:[A-Z]\d{1,3}(?:[A-Z][a-z]{2,}\d{0,5}){1,4})*(?:[A-Z]\d{1,3})?")  # ClientV2, ApiV2Client
_SNAKE_PART = re.compile(r"[a-z]+\d{0,3}|[A-Z]+\d{0,3}|(?:[A-Z][a-z]{2,}){1,6}|\d{1,3}")


def _pronounceable(word: str) -> bool:
    w = word.lower().rstrip("0123456789")
    return len(w) <= 4 or (bool(re.search(r"[aeiouy]", w)) and not re.search(r"[^aeiouy]{5}", w))


def is_code_like(value: str) -> bool:
    """Source code rather than a literal (what tracebacks and `pytest -l` print around keys):
    is_code_expr(), or an identifier made of words: snake/dotted (`token_ids_0`, `self.api_key`) or
    CamelCase (`AccessToken`, `Ed25519PrivateKey`). Random tokens almost never split into clean words."""
    v = value.strip()
    if is_code_expr(v):
        return True
    if "." in v or "_" in v:
        pieces = [p for p in re.split(r"[._]", v) if p]
        return (len(pieces) >= 2 and all(_SNAKE_PART.fullmatch(p) for p in pieces)
                and all(_pronounceable(h) for p in pieces for h in re.findall(r"[A-Z]?[a-z]+", p)))
    if not _CAMEL.fullmatch(v):
        return False
    humps = re.findall(r"[A-Z][a-z]+|^[a-z]+", v)
    return len(humps) >= 2 and all(_pronounceable(h) for h in humps)


_HUMP = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def built_of_words(value: str) -> bool:
    """Letters that split into words and acronyms (`AccessTokenT`, `ForwardTokenAOTInput`, `hello world`):
    every lower-case hump 3+ letters and pronounceable. Random mixed case (`kpgZXzVCKgJM…`) has short humps."""
    parts = [p for chunk in re.split(r"[ _-]", value) for p in _HUMP.findall(chunk)]
    return (bool(parts) and sum(map(len, parts)) == len(value) - value.count(" ") - value.count("_") - value.count("-")
            and all(p.isupper() or (len(p) >= 3 or i == 0) and _pronounceable(p) for i, p in enumerate(parts)))
