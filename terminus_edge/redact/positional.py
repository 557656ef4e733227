"""Passwords given to tools as arguments whose position or flag says "password" only in the tool's manual:
`mysql -pX`, `sshpass -p X`, `redis-cli -a X`, `docker login -p X`, `htpasswd -b file user X`,
`smbclient //host/share X -U user`, `net use Z: \\\\host\\share X /user:bob`, `lftp -u bob,X`, `xfreerdp /p:X`,
`rabbitmqctl add_user bob X`, and a password piped into a tool that reads it from stdin
(`echo X | docker login --password-stdin`, `echo X | sudo -S …`, `echo 'bob:X' | chpasswd`, `printf … X X | vncpasswd`),
or in a here-string (`chpasswd <<< 'bob:X'`, `vncpasswd -f <<< X`); `useradd -p X`, `usermod -p X`, `openssl passwd -6 X`;
the same pipe as bash -x traces it, one command a line (`+ echo bob:X` next to `+ chpasswd`).

A variable (`$PASS`, `"$SSH_PASS"`), a placeholder (`<password>`, `PASSWORD`) or a prompt request (`*`, nothing at
all: `mysql -u root -p`) is no value.
"""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.names import is_placeholder
from terminus_edge.redact.scan import Scan

Span = tuple[str, int, int]

# One argument: maybe quoted, never a flag (`-x`), a placeholder's `<…>` or a variable.
_ARG = r"(?P<q>['\"]?)(?P<pw>[^\s'\"<$-][^\s'\"<]*)(?P=q)(?![^\s|;&])"
_ARGS = r"(?:[ \t]+-\w+)*"  # flags in between (`htpasswd -b -c file user X`)
_PIPED = r"\b(?:echo|printf)[ \t]+(?:-[ne]+[ \t]+)?(?:['\"](?:%s(?:\\n)?)+['\"][ \t]+)?"  # `printf '%s\n%s\n' X X |`
_AGAIN = r"(?:[ \t]+(?P<q2>['\"]?)(?P<pw2>[^\s'\"|]+)(?P=q2))?"  # the password typed twice (`printf … X X | vncpasswd`)
# tools that read a password from stdin: fed by a pipe or a here-string (`vncpasswd -f <<< X`)
_STDIN_TOOL = r"(?:[^\n|]{0,200}?--password-stdin\b|sudo[ \t]+(?:-\w+[ \t]+)*-\w*S\b|(?:sudo[ \t]+)?passwd[ \t]+--stdin\b|" \
              r"(?:sudo[ \t]+)?vncpasswd\b|(?:sudo[ \t]+)?x11vnc[ \t]+[^\n|]{0,100}?-storepasswd\b)"
_PIPED_INTO_TOOL = _PIPED + _ARG + _AGAIN + r"[ \t]*\|[ \t]*" + _STDIN_TOOL
_PIPED_INTO_CHPASSWD = _PIPED + r"(?P<q>['\"]?)[\w.-]+:(?P<pw>[^\s'\":][^\s'\"]*)(?P=q)[ \t]*\|[ \t]*(?:sudo[ \t]+)?chpasswd\b"
# bash -x prints a pipeline's commands on lines of their own, at the same depth of `+`, in either order
_TRACED_ECHO = re.compile(r"(?m)^(?P<plus>\++)[ \t]+(?P<echo>(?:echo|printf)[ \t][^\n]*)$")
_TRACED_PIPES = [re.compile(_PIPED_INTO_TOOL), re.compile(_PIPED_INTO_CHPASSWD)]
_TRACED_TOOLS = ("chpasswd", "stdin", "sudo", "vncpasswd", "storepasswd")
# (words any matching line holds, pattern): the password is group `pw`
_TOOL_PASSWORDS = [(words, re.compile(pattern)) for words, pattern in (
    (("mysql", "mariadb"), r"\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]{0,200}?[ \t](?P<q>['\"]?)-p(?P<pw>[^\s'\"$-][^\s]*?)"
                           r"(?P=q)(?!\S)"),
    (("sshpass",), r"\bsshpass[ \t]+-p[ \t]*" + _ARG),
    (("redis-cli",), r"\bredis-cli\b[^\n]{0,200}?[ \t]-a[ \t]+" + _ARG),
    (("mongo",), r"\bmongo(?:sh|dump|restore|import|export)?\b[^\n]{0,200}?[ \t](?:-p|--password)[ \t]+" + _ARG),
    (("login",), r"\b(?:docker|podman|nerdctl|buildah|skopeo|oras|crane|cf|helm[ \t]+registry|az[ \t]+acr)[ \t]+login\b"
                 r"[^\n]{0,200}?[ \t]-p[ \t]+" + _ARG),  # `docker login -u bob -p …`
    (("sqlcmd", "bcp", "osql", "isql"), r"\b(?:sqlcmd|bcp|osql|isql)\b[^\n]{0,200}?[ \t]-P[ \t]*" + _ARG),
    (("zip", "ssh-keygen"), r"\b(?:zip|unzip|ssh-keygen)\b[^\n]{0,200}?[ \t]-[PN][ \t]+" + _ARG),
    (("ssh-keygen",), r"\bssh-keygen\b[^\n]{0,200}[ \t]-[PN][ \t]+" + _ARG),  # the last of `-P old -N new`
    (("ldap",), r"\bldap\w{0,12}\b[^\n]{0,200}?[ \t]-w[ \t]+" + _ARG),
    (("7z", "rar "), r"\b(?:7z|7za|7zr|rar|unrar)\b[^\n]{0,200}?[ \t]-p(?P<pw>[^\s'\"-][^\s'\"]*)"),
    (("keytool", "jarsigner"),
     r"\b(?:keytool|jarsigner)\b[^\n]{0,300}?[ \t]-(?:src|dest|new)?(?:store|key)?pass[ \t]+" + _ARG),
    (("pass:",), r"[ \t]-pass(?:in|out|word)?[ \t]+['\"]?pass:(?P<pw>[^\s'\"<]+)"),  # openssl
    (("openssl",), r"\bopenssl[ \t]+enc\b[^\n]{0,200}?[ \t]-k[ \t]+" + _ARG),
    (("smb", "rpcclient", "net ", "winexe"), r"\b(?:smbclient|rpcclient|smbmap|smbcacls|net|winexe)\b[^\n]{0,200}?"
                                             r"[ \t]-U[ \t]+['\"]?[^%\s'\"]+%(?P<pw>[^\s'\"]+)"),
    # smbclient's positional password follows the service (`smbclient //host/share X -U user`)
    (("smbclient",), r"\bsmbclient(?:[ \t]+-\w+(?:[ \t]+[^\s/'\"-]\S*)?)*[ \t]+['\"]?//[^\s'\"]+['\"]?[ \t]+" + _ARG),
    # `net use [Z:] \\host\share X [/user:…]`, `net use \\host\share /user:bob X`
    (("net use",), r"\bnet[ \t]+use[ \t]+(?:[A-Za-z]:[ \t]+)?\\\\[^\s]+[ \t]+(?:/u(?:ser)?:[^\s]+[ \t]+)?" + _ARG),
    (("htpasswd",), r"\bhtpasswd[ \t]+-\w*b\w*" + _ARGS + r"(?:[ \t]+\S+)??[ \t]+\S+[ \t]+" + _ARG + r"[ \t]*(?:$|[|;&>\n]|\d>)"),
    (("lftp",), r"\blftp\b[^\n]{0,200}?[ \t]-u[ \t]+['\"]?[^,\s'\"]+,(?P<pw>[^\s'\"]+)"),
    (("/p:",), r"\b(?:xfreerdp|wlfreerdp|sdl-freerdp|freerdp)\b[^\n]{0,200}?[ \t]/p:" + _ARG),
    (("rdesktop",), r"\brdesktop\b[^\n]{0,200}?[ \t]-p[ \t]+" + _ARG),
    (("rabbitmqctl",), r"\brabbitmqctl[ \t]+(?:add_user|change_password)[ \t]+\S+[ \t]+" + _ARG),
    # a password piped into a tool that reads it from stdin
    (("stdin", "sudo", "chpasswd", "vncpasswd", "storepasswd"), _PIPED_INTO_TOOL),
    (("<<<",), r"\b" + _STDIN_TOOL + r"[^\n|;&<]{0,100}?<<<[ \t]*" + _ARG),
    (("<<<",), r"\bchpasswd\b[^\n|;&<]{0,100}?<<<[ \t]*(?P<q>['\"]?)[\w.-]+:(?P<pw>[^\s'\":][^\s'\"]*)(?P=q)"),
    # `useradd -p X` / `usermod -p X` (a crypt hash or, wrongly, the password itself; `'!'` / `'*'` lock the account)
    (("useradd", "usermod", "adduser"), r"\b(?:useradd|usermod|adduser)\b[^\n]{0,200}?[ \t](?:-p|--password)[ \t]+" + _ARG),
    # `openssl passwd -6 -salt S X` (also inside `useradd -p "$(openssl passwd -1 X)"`); `-stdin` / `-in f` read it
    (("passwd",), r"\bopenssl[ \t]+passwd(?>[ \t]+-(?:salt|in)[ \t]+\S+|[ \t]+-\w+)*+[ \t]+" + _ARG.replace(
        r"(?![^\s|;&])", r"(?![^\s|;&)])")),
    (("chpasswd",), _PIPED_INTO_CHPASSWD),
)]
_NOT_A_VALUE = ("[REDACTED", "$", "env:", "file:", "fd:", "stdin", "%")


_ANY_WORD = re.compile("|".join(sorted({re.escape(w) for words, _ in _TOOL_PASSWORDS for w in words})))


def find_tool_passwords(scan: Scan) -> Iterator[Span]:
    low = scan.low
    if _ANY_WORD.search(low) is None:
        return
    for words, pattern in _TOOL_PASSWORDS:
        if not any(w in low for w in words):
            continue  # (most texts name none of these tools: one substring search each, no line ranges)
        for m in scan.finditer(pattern, words):
            value = m.group("pw")
            if not is_placeholder(value) and not value.startswith(_NOT_A_VALUE) and value.strip("!*") != "":
                yield "password", m.start("pw"), m.end("pw")
                if m.groupdict().get("pw2") == value:
                    yield "password", m.start("pw2"), m.end("pw2")


def traced_echo(line: str) -> bool:
    """A bash -x line echoing something that the next trace line may pipe into a tool (a stream holds it one line)."""
    return line.startswith("+") and _TRACED_ECHO.match(line.rstrip("\r\n")) is not None


def find_traced_pipes(scan: Scan) -> Iterator[Span]:
    """`+ echo u:X` / `+ chpasswd` (or the other way round): a pipeline bash -x printed on two lines, as
    `echo u:X | chpasswd`. Only the lines right above and below the echo are looked at."""
    text, low = scan.text, scan.low
    if "+ echo" not in text and "+ printf" not in text or not any(w in low for w in _TRACED_TOOLS):
        return
    for m in _TRACED_ECHO.finditer(text):
        plus, echo = m.group("plus"), m.group("echo").rstrip("\r")
        before = text.rfind("\n", 0, max(m.start() - 1, 0)) + 1 if m.start() else m.start()
        after = text.find("\n", m.end() + 1)
        for lo, hi in ((before, m.start() - 1), (m.end() + 1, len(text) if after == -1 else after)):
            if lo < 0 or hi <= lo or lo >= len(text):
                continue
            tool = re.match(re.escape(plus) + r"[ \t]+(?P<cmd>[^\n]*)", text[lo:hi])
            if tool is None or tool.group("cmd").startswith(("echo", "printf")):
                continue
            piped = echo + " | " + tool.group("cmd")
            for pattern in _TRACED_PIPES:
                found = pattern.match(piped)
                if found and found.end("pw") <= len(echo) and not is_placeholder(found.group("pw")) \
                        and not found.group("pw").startswith(_NOT_A_VALUE):
                    at = m.start("echo")
                    yield "password", at + found.start("pw"), at + found.end("pw")
                    if found.groupdict().get("pw2") == found.group("pw") and found.end("pw2") <= len(echo):
                        yield "password", at + found.start("pw2"), at + found.end("pw2")
                    break
