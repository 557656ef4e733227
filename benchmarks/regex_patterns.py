"""Pattern discovery for the regex sweep: every compiled pattern the summarizer, redactor, policy and input-wait code
run, with whether the code only ever matches it at a given position (anchored)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re

PACKAGES = ("terminus_edge.summarize", "terminus_edge.summarize.facts", "terminus_edge.redact")
MODULES = ("terminus_edge.policy", "terminus_edge.policy.checks", "terminus_edge.policy.rules", "terminus_edge.input_wait")


def module_names() -> list[str]:
    names = list(PACKAGES[:1])
    for pkg_name in PACKAGES:
        pkg = importlib.import_module(pkg_name)
        names += [f"{pkg_name}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)]
    return list(dict.fromkeys(names + list(MODULES)))


def _walk(value, depth=0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _walk(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, depth + 1)
            yield from _walk(item, depth + 1)


def _tree(module) -> ast.AST | None:
    try:
        return ast.parse(open(module.__file__, encoding="utf-8").read())
    except (OSError, SyntaxError, TypeError):
        return None


def _name_uses(trees: list[ast.AST]) -> dict[str, set[str]]:
    """name -> how it is used: the method called on it (`NAME.match(...)` gives "match"), or "other" (passed along,
    stored, any other attribute). A pattern only ever matched at a given position cannot cost a search's quadratic."""
    uses: dict[str, set[str]] = {}
    for tree in trees:
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                parent = parents.get(node)
                called = (isinstance(parent, ast.Attribute) and isinstance(parents.get(parent), ast.Call)
                          and parents[parent].func is parent)
                uses.setdefault(node.id, set()).add(parent.attr if called else "other")
    return uses


ANCHORED = {"match", "fullmatch"}


def _source_patterns(module, tree: ast.AST | None) -> list[tuple[str, re.Pattern, bool]]:
    """`re.fn("literal", ...)` calls anywhere in the module's source (inside functions too), with whether the call
    is anchored (re.match, re.fullmatch)."""
    found = []
    if tree is None:
        return found
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
            continue
        try:
            pattern = ast.literal_eval(node.args[0])
            flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
            flag_at = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                       "split": 3, "sub": 4, "subn": 4}.get(node.func.attr)
            if flag_node is None and flag_at is not None and len(node.args) > flag_at:
                flag_node = node.args[flag_at]
            flags = eval(compile(ast.Expression(flag_node), "<flags>", "eval"), vars(module)) if flag_node else 0
            found.append((f"{module.__name__}:{node.lineno}", re.compile(pattern, flags), node.func.attr in ANCHORED))
        except Exception:  # noqa: BLE001 - a computed pattern: the entry points and re's cache cover it
            continue
    return found


def collect_patterns(cached: bool = True) -> list[tuple[str, re.Pattern, bool]]:
    """(where, pattern, anchored): anchored when every use is a match/fullmatch at a given position."""
    seen, out = set(), []

    def add(where, pattern, anchored):
        key = (pattern.pattern, pattern.flags)
        if key not in seen and isinstance(pattern.pattern, str):
            seen.add(key)
            out.append((where, pattern, anchored))

    modules = [importlib.import_module(name) for name in module_names()]
    trees = [_tree(module) for module in modules]
    uses = _name_uses([t for t in trees if t is not None])
    for module, tree in zip(modules, trees):
        for attr, value in vars(module).items():
            for pattern in _walk(value):
                add(f"{module.__name__}.{attr}", pattern, isinstance(value, re.Pattern) and bool(uses.get(attr)) and uses[attr] <= ANCHORED)
        for where, pattern, anchored in _source_patterns(module, tree):
            add(where, pattern, anchored)
    if cached:  # built at run time (f-strings, joined alternatives): whatever the entry points left in re's cache
        for pattern in list(getattr(re, "_cache", {}).values()):
            if isinstance(pattern, re.Pattern):
                add("re-cache", pattern, False)
    return out
