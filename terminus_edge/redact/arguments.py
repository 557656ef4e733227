"""Secrets given as positional arguments to a tool's configuration command, as shell history, `set -x` traces and
CI logs echo them: `aws configure set aws_secret_access_key X`, `git config --global github.token X`,
`npm config set //registry.npmjs.org/:_authToken X`, `poetry config pypi-token.pypi X`,
`dotnet user-secrets set "Stripe:ApiKey" X`, `rclone config create r s3 secret_access_key X`.

The configuration verb says the words after it are setting names and values; the name says the value is secret
(`credential.helper store`, `user.signingkey ABCD` name no secret and stay).
"""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.names import is_placeholder, names_a_secret, secret_kind
from terminus_edge.redact.scan import Scan, line_bounds
from terminus_edge.redact.shapes import looks_like_credential, word_secret

Span = tuple[str, int, int]

_CONFIG_VERB = re.compile(r"(?<![\w.-])(?:config|configure|user-secrets)(?:[ \t]+(?:set|create|update|add))?(?=[ \t])")
# The program before the verb, at the start of a command (a line, a `history` entry, after a prompt or a `+ `
# trace mark, or after `;`, `&&`, `|`, `$(`), maybe with flags: prose that mentions a config has no program there.
_PROGRAM_BEFORE = re.compile(r"(?m)(?:^|[;&|`(]|[$#>%+][ \t])[ \t]*(?:\d{1,6}[ \t]+)?(?:sudo[ \t]+)?[\w./-]{1,64}[ \t]+"
                             r"(?:-{1,2}[\w.-]+(?:=\S*|[ \t]+[^\s-]\S*)?[ \t]+){0,4}\Z")
_WORD = re.compile(r"[ \t]+(?:\"(?P<dq>[^\"\n]{0,512})\"|'(?P<sq>[^'\n]{0,512})'|(?P<w>[^\s'\"|;&]{1,512}))")
_MAX_WORDS = 16


def find_config_arguments(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in scan.finditer(_CONFIG_VERB, ("config", "user-secrets")):
        line_start, line_end = line_bounds(text, m.start())
        if _PROGRAM_BEFORE.search(text, max(line_start, m.start() - 160), m.start()) is None:
            continue
        pos, words = m.end(), []
        for _ in range(_MAX_WORDS):
            w = _WORD.match(text, pos, line_end)
            if w is None:
                break
            group = "dq" if w.group("dq") is not None else "sq" if w.group("sq") is not None else "w"
            words.append((w.group(group), w.start(group), w.end(group), group != "w"))
            pos = w.end()
        for (name, _, _, quoted), (value, start, end, value_quoted) in zip(words, words[1:]):
            if (not quoted and name.startswith("-")) or (not value_quoted and value.startswith("-")):
                continue
            kind = secret_kind(name)
            if kind is None or is_placeholder(value) or value.startswith("[REDACTED") or names_a_secret(value):
                continue
            label, strong = kind
            if ((strong and len(value) >= 4) or looks_like_credential(value, literal=True)
                    or (label in ("token", "api-key") and word_secret(value, name))):
                yield label, start, end
