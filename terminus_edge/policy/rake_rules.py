"""What rake runs for a name that no `task` in the Rakefile defines, for policy.rakefile: a `rule` that makes it, or a
task a library defines.

    rule_for(name, rules, folder) -> (rule key, source) | None   the first rule whose pattern matches and whose source
                                                                 exists (or cannot be known: a proc)
    library_task(name, text) -> (kind, what) | None              "quiet" (runs tests, builds), "ask" (with why), or
                                                                 "unknown" (a task library that is not read)

Rules are read in their usual shapes: `rule ".html" => ".md" do |t| … end`, `rule(/\\.min\\.js$/ => [proc …]) { |t| …
}`; the block is decided like a task's with `#{t.name}` and `#{t.source}` filled in (a proc's source unknown).
Libraries: bundler/gem_tasks (release tags, pushes and publishes), Rake::TestTask, RSpec and Cucumber tasks, YARD,
RuboCop's (its autocorrect tasks rewrite files), Rake::ExtensionTask, Gem::PackageTask; another `….new` task class,
`install_tasks` or an imported file may define any name: asked.
"""

from __future__ import annotations

import re
from pathlib import Path

RULE = re.compile(r"""^\s*rule\b[ \t]*\(?[ \t]*(?P<pattern>.+?)\s*=>\s*(?P<sources>.+?)\s*\)?[ \t]*"""
                  r"""(?:do\b|\{)[ \t]*(?:\|\s*\w+[^|]*\|)?""")
RULE_KEY = "\0rule "
UNREAD = "\0unread "
_GEM_TASKS = re.compile(r"""require[ \t(]*["']bundler/gem_tasks["']|\bGemHelper\.install_tasks\b""")
_CLASSES = {  # task class -> (default names, {name: reason to ask}); a name given to new() replaces the defaults
    "Rake::TestTask": (["test"], {}), "RSpec::Core::RakeTask": (["spec"], {}),
    "Cucumber::Rake::Task": (["cucumber"], {}), "YARD::Rake::YardocTask": (["yard"], {}),
    "RuboCop::RakeTask": (["rubocop"], {"autocorrect": "rewrites the project's files in place (RuboCop's autocorrect)",
                                        "autocorrect_all": "rewrites the project's files in place (RuboCop's "
                                                           "autocorrect)"}),
    "Rake::ExtensionTask": (["compile"], {}), "Gem::PackageTask": (["package", "gem", "repackage"],
                                                                   {"clobber_package": "deletes the pkg folder"}),
    "Rake::PackageTask": (["package", "repackage"], {"clobber_package": "deletes the pkg folder"}),
}
_GEM_RELEASE = "tags and pushes with git and publishes the gem (bundler/gem_tasks' release)"


def rule_for(name: str, rules: dict[str, tuple[list[str], list[str]]], folder: Path,
             depth: int = 0) -> tuple[str, str | None] | None:
    if depth > 3:  # a source made by a rule whose source is made by a rule …: rake chains few
        return None
    for key, (spec, _) in rules.items():
        match = RULE.match(spec[0].removeprefix(RULE_KEY)) if spec else None
        if match is None or not _matches(match.group("pattern"), name):
            continue
        sources = match.group("sources").strip().lstrip("[").strip()
        ext = re.match(r"""["'](\.?[\w.]*)["']""", sources)
        if ext is None:
            return key, None  # a proc or a computed source: not known, the rule is taken to apply
        source = re.sub(r"\.[^./]*$", "", name) + ext.group(1) if ext.group(1).startswith(".") else ext.group(1)
        if (folder / source).exists() or rule_for(source, {k: v for k, v in rules.items() if k != key}, folder,
                                                  depth + 1):
            return key, source
    return None


def _matches(pattern: str, name: str) -> bool:
    literal = re.fullmatch(r"""["']([^"']*)["']""", pattern.strip())
    if literal:
        return name.endswith(literal.group(1)) if literal.group(1).startswith(".") else name == literal.group(1)
    regex = re.fullmatch(r"%r\{(.*)\}[imx]*|/(.*)/[imx]*", pattern.strip())
    if regex:
        try:
            return re.search((regex.group(1) or regex.group(2) or "").replace(r"\A", "^").replace(r"\z", "$"),
                             name) is not None
        except re.error:
            return True
    return True  # a proc or a constant: it may match anything


def fill_in(body: list[str], spec: str, name: str, source: str | None) -> list[str]:
    """The rule's block with `#{t.name}` / `#{t.source}` (t: the block's parameter) filled in."""
    block = re.search(r"(?:\bdo|\{)\s*\|\s*(\w+)[^|]*\|\s*(?:#.*)?$", spec)  # the block's, not a proc's
    param = block.group(1) if block else "t"
    out = []
    for line in body:
        line = re.sub(r"#\{\s*" + param + r"\.name\s*\}", name.replace("\\", ""), line)
        out.append(re.sub(r"#\{\s*" + param + r"\.source\s*\}", source or "#{source}", line))
    return out


def library_task(name: str, text: str) -> tuple[str, str] | None:
    if _GEM_TASKS.search(text):
        if name == "release" or name.startswith("release:"):
            return "ask", _GEM_RELEASE
        if name in ("build", "install", "install:local", "build:checksum", "clean", "clobber"):
            return "quiet", ""
    unknown = []
    for match in re.finditer(r"\b((?:[A-Z]\w*::)*[A-Z]\w*)\.new\b[ \t]*\(?[ \t]*(?::(\w+)|[\"'](\w+)[\"'])?", text):
        cls, given = match.group(1), match.group(2) or match.group(3)
        if cls in _CLASSES:
            names, asks = _CLASSES[cls]
            base = given or names[0]
            if name in ([given] if given else names):
                return "quiet", ""
            for suffix, why in asks.items():
                if name in (f"{base}:{suffix}", suffix):
                    return "ask", why
        elif cls.endswith("Task") or "::Rake" in cls or cls.startswith("Rake::"):
            unknown.append(cls)
    unknown += [m for m in re.findall(r"\b(\w+(?:::\w+)*)\.install_tasks\b", text) if not m.endswith("GemHelper")]
    unknown += [f"import {m}" for m in re.findall(r"""^\s*(?:import|load)[ \t(]*["']([^"']+)["']""", text, re.M)]
    return ("unknown", ", ".join(dict.fromkeys(unknown))) if unknown else None
