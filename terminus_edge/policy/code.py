"""Code a command is handed to run, judged with nobody watching: interpreter one-liners and SQL the line cannot show.

check_code(name, words, segment, ctx) records "ask" verdicts on ctx (a policy.rules.Context); decide(...,
unattended=True) runs it on every simple command, wrappers looked through.

- Python code (`python -c`, a heredoc or echo fed to `python -`) is read with `ast`: a delete (os.remove, unlink,
  shutil.rmtree), a file opened for writing ('w', 'r+') or written (write_text, shutil.copy/move, os.replace) onto a
  file that exists or cannot be named, and a shell-out (os.system, subprocess.*, os.popen) whose command is checked as
  if typed here — or asked when it is not a literal. Code `ast` cannot read falls back to the patterns below.
- perl/ruby/node/php/bun/deno one-liners: delete APIs; write APIs (writeFileSync, File.write, open '>', fopen 'w',
  file_put_contents) onto an existing or unnamed file; system/exec/execSync/backticks, their literal command checked.
- SQL clients (psql, mysql, sqlite3, …) running SQL from a file (`-f x.sql`, `< x.sql`, `cat x.sql |`, `.read`, `\\i`,
  `source`): the text is not on the line and may drop or rewrite data, so it asks. Inline SQL is policy.unattended's.
"""

from __future__ import annotations

import ast
import re
import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

_CODE_OPTS = {"python": ("-c",), "perl": ("-e", "-E"), "ruby": ("-e",), "node": ("-e", "--eval", "-p", "--print"),
              "php": ("-r",), "bun": ("-e", "--eval"), "deno": ("eval",)}
# Each alternative starts at a fixed word and literals are bounded: linear on any text.
_DELETE_API = re.compile(r"\b(?:rmtree|remove_tree|removedirs|rm_rf|rm_r|rm_f|rmSync|rmdirSync|unlinkSync|rimraf|"
                         r"truncateSync|emptyDirSync|removeSync)\b|"
                         r"\b(?:os|fs|File|FileUtils|Dir|shutil|promises|Deno)\."
                         r"(?:remove|unlink|rmdir|rm|delete|truncate|"
                         r"rm_f|rm_rf|remove_dir|remove_entry)\b|\.(?:unlink|rmdir)\s*\(|^\s*unlink\b|[;{]\s*unlink\b")
_LITERAL = r"""\s*\(?\s*(?:(['"`])([^'"`\n]{0,2000})\1)?"""
_WRITE_API = re.compile(r"\b(?:writeFileSync|writeFile|createWriteStream|copyFileSync|copyFile|renameSync|cpSync|"
                        r"File\.write|IO\.write|IO\.binwrite|File\.binwrite|file_put_contents|Deno\.writeTextFile|"
                        r"Deno\.writeFile|Bun\.write|write_text|write_bytes)" + _LITERAL)
_OPEN_WRITE = re.compile(r"\b(?:File\.open|open|fopen)\s*\(?\s*(?:(?:my\s+)?\$\w+\s*,\s*)?"
                         r"(?:(['\"])([^'\"\n]{0,2000})\1|[\w$@.]{1,200})?"
                         r"\s*,\s*['\"](?:\+?>(?!>)|[rw]\+|w)")
_PERL_OPEN2 = re.compile(r"\bopen\s*\(?\s*(?:my\s+)?[$\w]+\s*,\s*(['\"])\+?>(?!>)\s*([^'\"\n]{0,2000})\1")
_PERL_OPEN3 = re.compile(r"\bopen\s*\(?\s*(?:my\s+)?[$\w]+\s*,\s*['\"]\+?>['\"]\s*,\s*(?:(['\"])([^'\"\n]{0,2000})\1)?")
_SHELL_OUT = re.compile(r"\b(?:system|exec|execSync|execFileSync|spawnSync|spawn|popen|shell_exec|passthru|proc_open|"
                        r"qx)\b(?=\s*\(|\s+[$@'\"])" + _LITERAL)  # a call's shape: `system(`, perl's `system "…"`
_BACKTICKS = re.compile(r"`([^`\n]{1,2000})`|%x\(([^)\n]{1,2000})\)|\bqx\{([^}\n]{1,2000})\}")

_PY_DELETE = {"os.remove", "os.unlink", "os.rmdir", "os.removedirs", "shutil.rmtree", "os.truncate"}
_PY_DELETE_METHODS = {"unlink", "rmdir", "rmtree"}
_PY_MOVES = {"shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move", "os.rename", "os.replace",
             "shutil.copytree"}
_PY_SHELL = {"os.system", "os.popen", "subprocess.run", "subprocess.call", "subprocess.check_call", "os.execvp",
             "subprocess.check_output", "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput",
             "os.execv", "os.execl", "os.execlp", "os.spawnl", "os.spawnlp", "os.spawnv", "os.spawnvp", "pty.spawn",
             "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec"}


def check_code(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    family = re.sub(r"[\d.]+$", "", name)
    if family in _CODE_OPTS:
        code = inline_code(family, words)
        if code is None and _reads_stdin(words[1:]) and ctx.stdin is None:
            code = "\n".join(_heredoc_bodies(ctx.line)) or ctx.line  # fed by a heredoc or echo: the line holds it
        if code is not None:
            reasons = _python(code, ctx) if family == "python" else None
            for reason in dict.fromkeys(_patterns(family, code, ctx) if reasons is None else reasons):
                ctx.ask(f"`{segment}` {reason}")
    from terminus_edge.policy.unattended import _SQL_CLIENTS

    if name in _SQL_CLIENTS:
        source = _sql_source(name, words[1:]) or (ctx.stdin and f"stdin ({ctx.stdin})")
        if source:
            ctx.ask(f"`{segment}` runs SQL from {source}, which the policy cannot read (it may change or drop data)")


def inline_code(family: str, words: list[str]) -> str | None:
    """The script of `python -c CODE`, `perl -ne CODE`, `node -e CODE`, `deno eval CODE`."""
    opts = _CODE_OPTS.get(family, ())
    parts = []
    for i, w in enumerate(words[1:-1], 1):
        short_e = family in ("perl", "ruby") and re.fullmatch(r"-[a-zA-Z]*[eE]", w)
        if w in opts or short_e:
            parts.append(words[i + 1])
    return "\n".join(parts) if parts else None


def _reads_stdin(args: list[str]) -> bool:
    operands = [a for a in args if not a.startswith("-") or a == "-"]
    return not operands or operands[0] == "-"


def _heredoc_bodies(line: str) -> list[str]:
    bodies, lines = [], line.split("\n")
    for at, text in enumerate(lines):
        for m in re.finditer(r"<<-?\s*(['\"]?)([\w.-]+)\1", text):
            end = next((j for j in range(at + 1, len(lines)) if lines[j].strip() == m.group(2)), len(lines))
            bodies.append("\n".join(lines[at + 1:end]))
    return bodies


def _python(code: str, ctx: "Context") -> list[str] | None:
    """What Python code does to files, read from its syntax tree; None when it does not parse."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):  # `from os import remove as rm`, `import shutil as sh`
        if isinstance(node, ast.ImportFrom) and node.module:
            aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
        elif isinstance(node, ast.Import):
            aliases.update({a.asname: a.name for a in node.names if a.asname})
    reasons = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            reason = _python_call(node, _dotted(node.func, aliases), ctx)
            if reason:
                reasons.append(reason)
    return reasons


def _python_call(call: ast.Call, name: str, ctx: "Context") -> str | None:
    method = name.rsplit(".", 1)[-1]
    args = call.args
    if name in _PY_DELETE or (method in _PY_DELETE_METHODS and isinstance(call.func, ast.Attribute)):
        return "deletes files"
    if name in ("exec", "eval") and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
        inner = _python(args[0].value, ctx) if ctx.code_depth < 3 else ["nests code too deeply to check"]
        return "; ".join(inner or []) or None  # exec("import os; os.remove('x')")
    if name in _PY_SHELL:
        command = _literal_command(args[0] if args else None)
        return "runs a command the policy cannot read" if command is None else _shell_out(command, ctx)
    if name == "os.open":  # flags, not a mode string: writing ones name O_WRONLY / O_RDWR / O_TRUNC
        flags = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "") for n in ast.walk(call)}
        return _overwrite(_argument(call, 0, "path"), ctx) if flags & {"O_WRONLY", "O_RDWR", "O_TRUNC"} else None
    if name in ("open", "io.open", "codecs.open") or method == "open" and isinstance(call.func, ast.Attribute):
        on_path = name not in ("open", "io.open", "codecs.open")  # Path('f').open('w'): the mode comes first
        mode = _argument(call, 0 if on_path else 1, "mode")
        if mode is None and not (args[0 if on_path else 1:] or any(k.arg == "mode" for k in call.keywords)):
            return None  # the default mode reads
        if not isinstance(mode, str):
            return "opens a file in a mode the policy cannot read"
        if "w" in mode or "+" in mode:
            target = _receiver_path(call) if on_path else _argument(call, 0, "file")
            return _overwrite(target, ctx)
        return None
    if method in ("write_text", "write_bytes") and isinstance(call.func, ast.Attribute):
        return _overwrite(_receiver_path(call), ctx)
    if name in _PY_MOVES:
        if name == "shutil.copytree" and not any(k.arg == "dirs_exist_ok" for k in call.keywords):
            return None  # copytree refuses an existing destination
        return _overwrite(_argument(call, 1, "dst"), ctx, moved=_argument(call, 0, "src"))
    return None


def _overwrite(target, ctx: "Context", moved=None) -> str | None:
    if not isinstance(target, str):
        return "writes a file the policy cannot name"
    path = ctx.resolve(target)
    if path is not None and path.is_dir() and isinstance(moved, str):
        target = f"{target.rstrip('/')}/{moved.rstrip('/').rsplit('/', 1)[-1]}"
        path = path / target.rsplit("/", 1)[-1]
    if path is None or path.exists():
        return f"overwrites the existing file {target}"
    return None  # a new file loses nothing


def _dotted(node: ast.AST, aliases: dict[str, str]) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Call) and _dotted(node.func, aliases) in ("__import__", "importlib.import_module") \
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        parts.append(node.args[0].value)  # __import__('os').remove
    else:
        parts.append(aliases.get(node.id, node.id) if isinstance(node, ast.Name) else "<expr>")  # Path('f').open
    return ".".join(reversed(parts))


def _argument(call: ast.Call, position: int, keyword: str):
    """The literal value of an argument (by position or keyword): a str/list/…, or an ast node when not literal."""
    node = next((k.value for k in call.keywords if k.arg == keyword), None)
    if node is None and position < len(call.args):
        node = call.args[position]
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return node


def _receiver_path(call: ast.Call):
    """'f' of Path('f').write_text(…) / pathlib.Path('f').open('w'); None when the receiver is not such a call."""
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(receiver, ast.Call) and receiver.args and not receiver.keywords:
        try:
            value = ast.literal_eval(receiver.args[0])
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            return None
        return value if isinstance(value, str) and len(receiver.args) == 1 else None
    return None


def _literal_command(node: ast.AST | None) -> str | None:
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return shlex.join(value)
    return None


def _shell_out(command: str, ctx: "Context") -> str | None:
    """A command that code runs: checked as if typed here (its verdicts land on ctx); too deep a nesting asks."""
    if ctx.code_depth >= 3:
        return "nests commands in code too deeply to check"
    from terminus_edge.policy.rules import _analyse

    ctx.code_depth += 1
    saved, ctx.stdin = ctx.stdin, None
    try:
        _analyse(command, ctx, [], depth=1)
    finally:
        ctx.code_depth -= 1
        ctx.stdin = saved
    return None


def _patterns(family: str, code: str, ctx: "Context") -> list[str]:
    """The same questions for perl/ruby/node/php code (and Python that does not parse), by the calls' names."""
    reasons = ["deletes files"] if _DELETE_API.search(code) else []
    for pattern in (_WRITE_API, _OPEN_WRITE, _PERL_OPEN2, _PERL_OPEN3):
        for m in pattern.finditer(code):
            reason = _overwrite(m.group(2) if m.group(1) and m.group(2) else None, ctx)
            if reason:
                reasons.append(reason)
    for m in _SHELL_OUT.finditer(code):
        if family == "python" and m.group(0).startswith("exec"):
            continue  # Python's exec() runs Python, not a shell
        if m.group(1) and m.group(2):
            reasons.append(_shell_out(m.group(2), ctx) or "")
        else:
            reasons.append("runs a command the policy cannot read")
    if family in ("perl", "ruby", "php"):
        for m in _BACKTICKS.finditer(code):
            reasons.append(_shell_out(next(g for g in m.groups() if g), ctx) or "")
    return [r for r in reasons if r]


_SQL_FILE_OPTS = {"psql": ("-f", "--file"), "usql": ("-f", "--file"), "cockroach": ("-f", "--file"),
                  "sqlite3": ("-init",), "sqlite": ("-init",), "duckdb": ("-init", "-f"), "sqlcmd": ("-i",),
                  "cqlsh": ("-f", "--file"), "clickhouse-client": ("--queries-file",), "mongosh": ("-f", "--file"),
                  "mongo": ("-f", "--file"), "litecli": ("-f",), "mycli": ("-f",), "pgcli": ("-f",)}
# psql \i, mysql source / \., sqlite .read / .restore, mongo load(): a file named inside the SQL text
_SQL_INCLUDE = re.compile(r"\\i(?:r|nclude(?:_relative)?)?\s+\S|(?:^|;)\s*(?:source|\\\.|\.read|\.restore)\s+\S|"
                          r"\bload\s*\(\s*['\"]", re.I | re.M)


def _sql_source(name: str, args: list[str]) -> str | None:
    """The file a database client reads its SQL from, by option or by an include command in the SQL text."""
    opts = _SQL_FILE_OPTS.get(name, ())
    for i, a in enumerate(args):
        if a in opts and i + 1 < len(args):
            return f"the file {args[i + 1]}" if args[i + 1] != "-" else None
        for opt in opts:
            attached = len(opt) == 2 and a.startswith(opt) and len(a) > 2 and not a.startswith("--")  # -fx.sql
            if a.startswith(opt + "=") or attached:
                return f"the file {a[len(opt):].lstrip('=')}"
        if name in ("mongo", "mongosh") and a.endswith(".js") and not a.startswith("-"):
            return f"the script {a}"
    for a in args:
        m = _SQL_INCLUDE.search(a)
        if m:
            return f"the file that `{m.group(0).strip()}…` names"
    return None
