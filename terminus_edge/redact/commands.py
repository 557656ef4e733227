"""Context from the command line: a command whose job is to print a credential makes its output secret.

`aws configure get aws_secret_access_key`, `gh auth token`, `printenv GITHUB_TOKEN`, `cat /run/secrets/db_password`,
`kubectl get secret s -o jsonpath='{.data.password}' | base64 -d`, `vault kv get -field=password kv/app`: their
output is the bare secret, with no key, prefix or header around it, so nothing in the text itself says
"secret". The command does. A command reads a secret when it
  - prints an environment variable named like a secret (`printenv X`, `echo $X`, also after `docker exec …`),
  - prints a file named like a secret (`cat ~/.vault-token`, `head secrets.txt`; not source files), or
  - asks a tool to get/show/read/print/access/output something named like a secret (`get secret`, `-field=password`,
    `print-access-token`, `get-login-password`, `auth token`), unless it asks only for names (`-o name`).
Then every line of its output that is one bare token is secret (a value, not prose: errors and tables have
spaces); the output of a lone `printenv X`/`echo $X` is the value itself, so its lines are secret whole.
Look-alikes elsewhere (hashes, UUIDs, base64 in ordinary logs) are untouched: no secret-reading command, no rule.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from terminus_edge import shell_words
from terminus_edge.redact.names import is_placeholder, names_metadata, names_secret_last, secret_kind
from terminus_edge.redact.shapes import looks_like_credential

Span = tuple[str, int, int]

_ENV_PRINTERS = frozenset({"printenv", "echo", "printf"})
_FILE_READERS = frozenset({"cat", "head", "tail", "less", "more", "bat", "batcat", "tac", "base64", "strings", "xxd"})
_PASSWORD_STORES = frozenset({"pass", "gopass", "secret-tool"})  # programs that are themselves a store of secrets
_READ_VERBS = frozenset({"get", "show", "read", "print", "view", "access", "reveal", "output", "lookup", "fill",
                         "decrypt", "cat", "export", "find"})
_FLAG_VERBS = frozenset({"get", "show", "reveal", "decrypt", "print"})  # `git config --get`, `sops --decrypt`
_WRAPPERS = frozenset({"sudo", "doas", "env", "command", "exec", "time", "nice", "nohup", "xargs"})
_SOURCE_EXTENSIONS = frozenset("py pyi go js mjs ts tsx jsx rs java kt c h cc cpp hpp rb php cs swift scala sh bash "
                               "zsh md rst html css txtar ipynb".split())
_PUBLIC_EXTENSIONS = frozenset("sig asc pub crt cer csr".split())
_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_PARTS = re.compile(r"[-:_./=\s{}\[\]\"'*]+")
_WRITE_VERBS = frozenset({"set", "create", "delete", "rm", "put", "login", "logout", "rotate", "update", "edit", "apply"})
_PICK_FLAG = re.compile(r"--?(?:field|query)")
_PICK_PARTS = re.compile(r"[,\[\]{}()'\"*|]+")  # field paths; the last `.` part is the field
_OUTPUT_SPEC = re.compile(r"(?:^|\s)(?:-o|--output)[= ]?name(?:\s|$)|jsonpath=|go-template=|custom-columns=|template=")


def _segments(command: str) -> list[list[str]]:
    """The simple commands of a pipeline/list, without leading VAR=value assignments and wrappers."""
    out, current = [], []
    for tok in shell_words.tokens_or_rough(command) + [";"]:
        if tok and set(tok) <= set("|&;()<>"):
            while current and (re.match(r"[A-Za-z_]\w*=", current[0]) or _base(current[0]) in _WRAPPERS
                               or (current[0].startswith("-") and len(current) > 1)):
                current.pop(0)
            if current:
                out.append(current)
            current = []
        else:
            current.append(tok)
    return out


def _base(word: str) -> str:
    return word.rstrip("/").rsplit("/", 1)[-1]


def _names_secret(word: str) -> bool:
    """A name whose last word says credential: `aws_secret_access_key`, `GITHUB_TOKEN`, `{.data.password}`
    (not `auth` alone: `gh auth status` is about authentication, not a credential)."""
    name = word.strip("{}[]()'\"$.*")
    return (bool(name) and names_secret_last(name) and secret_kind(name) is not None
            and name.lower().rsplit(":", 1)[-1] not in ("auth", "authorization"))


def _file_names_secret(path: str) -> bool:
    name = _base(path)
    stem, _, ext = name.lstrip(".").rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    if ext.lower() in _SOURCE_EXTENSIONS:
        return False  # `token.go`, `secret_test.py`: source code named after what it handles
    if ext.lower() in _PUBLIC_EXTENSIONS:
        return False  # `file.sig`, `sig.asc`, `token.pub`: a signature, a certificate, a public key
    return _names_secret(stem or name) or _names_secret(name)


def _reads_env(words: list[str], printer: str) -> bool:
    names = [v for w in words for v in _VAR.findall(w)]
    if printer == "printenv":
        names += [w for w in words if not w.startswith("-")]
    return any(_names_secret(n) for n in names)


def _tool_reads(prog: str, args: list[str]) -> bool:
    joined = " ".join(args)
    spec = _OUTPUT_SPEC.search(joined)
    if spec and not re.search(r"\b(?:data|stringData|value|token|password|secret)\b", joined[spec.start():], re.I):
        return False  # `-o name`, `jsonpath={.items[*].metadata.name}`: names of secrets, not their values
    # Positional words and flag values (`-field=password`) say what is asked for; flag names do not, and a
    # `$VAR` is a secret passed in (`curl -H "Authorization: Bearer $TOKEN"`), not one read out.
    values = [a.split("=", 1)[1] if a.startswith("-") else a for a in args if not a.startswith("-") or "=" in a]
    values = [v for v in values if not _VAR.search(v)]
    # A flag that picks the field to print (`vault write -f -field=secret_id …`, `aws iam create-access-key
    # --query AccessKey.SecretAccessKey`) makes the output that field, whatever the verb (a write can print
    # the secret it just made).
    picked = [a.split("=", 1)[1] if "=" in a else after for a, after in zip(args, args[1:] + [""])
              if _PICK_FLAG.fullmatch(a.split("=", 1)[0])]
    if any(_names_secret(path.rsplit(".", 1)[-1]) for v in picked for path in _PICK_PARTS.split(v)):
        return True
    if any(v in _WRITE_VERBS for v in values):
        return False
    # Verbs come from subcommands (`get`, `print-access-token`, `auth:token`), not from paths, or from a
    # verb flag (`git config --get`).
    verbs = [p.lower() for v in values if "/" not in v for p in _PARTS.split(v) if p]
    verb = any(p in _READ_VERBS or p == "auth" for p in verbs) or any(
        a.lstrip("-").lower() in _FLAG_VERBS for a in args if a.startswith("-"))
    named = prog in _PASSWORD_STORES or any(_names_secret(o) for v in values for o in (v, _base(v)))
    return verb and named


@lru_cache(maxsize=256)  # a stream asks once per line about the same command
def secret_output(command: str | None) -> str | None:
    """None when `command` does not read a secret; "whole" when its whole output is a secret value (a lone
    `printenv X` / `echo $X`); "bare" when each bare-token line of its output is one."""
    if not command or not command.strip():
        return None
    segments = _segments(command)
    reads, whole = False, False
    for seg in segments:
        for i, word in enumerate(seg):
            prog, rest = _base(word), seg[i + 1:]
            if prog in _ENV_PRINTERS and _reads_env(rest, prog):
                reads, whole = True, len(segments) == 1 and i == 0
            elif prog in _FILE_READERS and any(_file_names_secret(a) for a in rest if not a.startswith("-")):
                reads = True
            if i == 0 and not reads and prog not in _ENV_PRINTERS | _FILE_READERS and _tool_reads(prog, rest):
                reads = True
    return ("whole" if whole else "bare") if reads else None


_CONFIG_EXTENSIONS = frozenset("env ini cfg conf cnf toml yaml yml properties json jsonc hcl tfvars npmrc pypirc "
                               "netrc pgpass".split())
_CONFIG_NAMES = frozenset("credentials config .npmrc .pypirc .netrc .pgpass .git-credentials .dockercfg .s3cfg "
                          ".boto .my.cnf".split())
_ENV_DUMP = re.compile(r"[ \t]*(?:sudo[ \t]+)?(?:env|printenv|export[ \t]+-p|declare[ \t]+-x)[ \t]*(?:\|.*)?")


def _config_file(path: str) -> bool:
    name = _base(path).lower()
    ext = name.lstrip(".").rpartition(".")[2] if "." in name.lstrip(".") else ""
    return name in _CONFIG_NAMES or name.startswith(".env") or ext in _CONFIG_EXTENSIONS


@lru_cache(maxsize=256)
def config_output(command: str | None) -> bool:
    """The command prints a configuration file or the environment (`cat config.ini`, `cat .env`, `env`,
    `git config --list`): every `key = value` in its output is data, never source code, so a value under a
    credential's name is judged as a literal even unquoted under a lower-case name (as detect-secrets
    decides by file type whether a value must be quoted to count)."""
    if not command or not command.strip():
        return False
    if _ENV_DUMP.fullmatch(command):
        return True
    for seg in _segments(command):
        prog, rest = _base(seg[0]), seg[1:]
        if prog in _FILE_READERS and any(_config_file(a) for a in rest if not a.startswith("-")):
            return True
        if prog == "git" and "config" in rest and {"--list", "-l"} & set(rest):
            return True
        if prog in ("jq", "yq") or any(_DATA_FORMAT.fullmatch(a) or (a in _FORMAT_FLAGS and b in _DATA_FORMATS)
                                       for a, b in zip(rest, rest[1:] + [""])):
            return True  # JSON/YAML asked for: `kubectl … -o yaml`, `az … --output json`, `| jq .`
    return False


_DATA_FORMAT = re.compile(r"(?:-o|--output=|--format=|--out=)(?:json|yaml|yml)|--json")
_FORMAT_FLAGS, _DATA_FORMATS = frozenset({"-o", "--output", "--format", "--out"}), frozenset({"json", "yaml", "yml"})


# One value alone on its line, after an optional line-number gutter (`cat -n`, `grep -n`, read_log's `12: `).
_BARE_LINE = re.compile(r"(?m)^(?:[ \t]*\d{1,9}(?::|\t|[ \t]*\|)[ \t]*)?[ \t]*(?P<val>\S{4,4096})[ \t]*\r?$")
# A label (`Output:`), punctuation, `[section]`, a URL with userinfo (its password is the URL rule's to mask;
# host and user stay).
_NOT_A_VALUE = re.compile(r"[A-Za-z][\w -]*:|[^\w]+|\[[^\]]*\]|[A-Za-z][\w+.-]*://[^/@\s]*:[^\s]*@[^\s]*")
# A `name=value` setting (`credential.helper=store`, `APP_MODE=x`; base64 has `=` only at its end): only its value
# can be secret, and under a dotted lower-case name (a git/npm setting) only a value shaped like a credential.
_SETTING = re.compile(r"(?P<dotted>[a-z][a-z-]*(?:\.[a-z][\w-]*)+)=(?=[^=\s])|[A-Za-z_][\w.-]*=(?=[^=\s])")


_JSON_ITEM = re.compile(r'"(?:[^"\\\n]|\\.)*",?')
_JSON_STRING_PAIR = re.compile(r'"[^"\n]{1,253}"[ \t]*:[ \t]*"(?P<val>(?:[^"\\\n]|\\.){0,4096})"')


def printenv_names(command: str | None) -> list[str] | None:
    """The names a lone `printenv A B C` prints the values of, one line each in this order (None otherwise)."""
    segments = _segments(command) if command and "printenv" in command else []
    if len(segments) != 1 or _base(segments[0][0]) != "printenv" or len(segments[0]) < 3:
        return None
    names = segments[0][1:]
    return names if all(re.fullmatch(r"[A-Za-z_]\w{0,127}", n) for n in names) else None


def _secret_lines(text: str, command: str | None) -> set[int] | None:
    """The lines of a lone `printenv A B C`'s output that may hold a secret-named variable (None: any line may).
    printenv prints the set ones in order and skips unset ones: with m lines of n names, line i is one of names
    i … i+n-m. More lines than names (a value over several lines, or a frame around the output): any line."""
    names = printenv_names(command)
    count = text.count("\n") + (not text.endswith("\n"))
    if names is None or count > len(names):
        return None
    spare = len(names) - count
    return {i for i in range(count) if any(_names_secret(n) for n in names[i:i + spare + 1])}


def find_command_output(text: str, command: str | None) -> Iterator[Span]:
    """Bare-token lines of text, when `command` reads a secret (see secret_output). Safe on text that wraps
    the output in a frame (`Command: …`, `Summary: … Output:`): frame lines are never one bare token."""
    if secret_output(command) is None:
        return
    lines = _secret_lines(text, command)
    for m in _BARE_LINE.finditer(text):
        if lines is not None and text.count("\n", 0, m.start()) not in lines:
            continue  # (`printenv GITHUB_TOKEN HOME`: the value of HOME)
        start, end = m.span("val")
        if text[m.start():m.start() + 1] in (" ", "\t") and _JSON_ITEM.fullmatch(text, start, end):
            continue  # an indented string of a pretty-printed JSON list (`"VersionStages": ["AWSCURRENT"]`): its keys judge it
        if text[start] == text[end - 1] and text[start] in "\"'":
            start, end = start + 1, end - 1  # a quoted value: the quotes stay
        setting = _SETTING.match(text, start, end)
        if setting:
            name, start = text[setting.start():setting.end() - 1], setting.end()
            # a dotted setting (`credential.helper=store`), or a lower-case field that says what its value is about
            # (`git credential fill`: `protocol=https`, `host=…`, `username=…`), holds a secret only when the value is
            # shaped like one
            plain = setting.group("dotted") or (name.isalpha() and name.islower() and names_metadata(name))
            if plain and not looks_like_credential(text[start:end], literal=True):
                continue
        pairs = list(_JSON_STRING_PAIR.finditer(text, start, end)) if text[start] + text[end - 1] == "{}" else []
        if pairs:  # a map of values (`-o jsonpath='{.data}'`): the keys stay
            yield from (("secret", p.start("val"), p.end("val")) for p in pairs
                        if p.group("val") and "[REDACTED:" not in p.group("val"))
            continue
        value = text[start:end]
        if value and "[REDACTED:" not in value and not is_placeholder(value) and not _NOT_A_VALUE.fullmatch(value):
            yield "secret", start, end


def output_values(raw_output: str, command: str | None) -> list[str]:
    """The secret values in the raw output of `command`: its bare-token lines, and every line of a lone
    `printenv X` / `echo $X` (the value itself, spaces and all: `correct horse battery staple`)."""
    mode = secret_output(command)
    if mode is None:
        return []
    values = [raw_output[start:end] for _, start, end in find_command_output(raw_output, command)]
    if mode == "whole":
        lines = _secret_lines(raw_output, command)
        values += [line.strip() for i, line in enumerate(raw_output.splitlines()) if (lines is None or i in lines)
                   and line.strip() and "[REDACTED:" not in line and not is_placeholder(line.strip())]
    return list(dict.fromkeys(values))
