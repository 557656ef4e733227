"""Runners of several steps (tox, nox, make -k/-j, a GitHub runner's log, honcho): the failed steps come first."""

from terminus_edge.summarize.compose import fact_items
from terminus_edge.summarize.facts import cc, interchange, scriptrunners, toxnox
from terminus_edge.summarize.pipeline import summarize


def test_make_k_targets_of_one_make_are_steps():
    text = ("a.c:1:1: error: boom\nmake: *** [Makefile:5: lint] Error 1\nmake: *** [Makefile:14: build] Error 1\n"
            "make: Target 'ci' not remade because of errors.\n")
    facts = cc.parse(text)
    assert facts.steps == ["make: *** [Makefile:5: lint] Error 1", "make: *** [Makefile:14: build] Error 1",
                           "make: Target 'ci' not remade because of errors"]


def test_recursive_make_levels_stay_errors():
    text = "make[2]: *** [src/Makefile:3: x.o] Error 1\nmake[1]: *** [Makefile:9: all] Error 2\nmake: *** [Makefile:4: all] Error 2\n"
    facts = cc.parse(text)
    assert not facts.steps and len(facts.errors) == 3


def test_github_runner_error_line_is_a_step():
    facts = interchange.parse("##[group]Run make\nmake\n##[endgroup]\n##[error]Process completed with exit code 2.\n")
    assert facts.steps == ["CI step: Process completed with exit code 2."]


def test_tox_failed_envs_are_steps_and_come_first():
    text = "  lint: FAIL code 1 (0.06 seconds)\n  py: OK (0.2 seconds)\n  evaluation failed :( (0.3 seconds)\n"
    facts = toxnox.parse(text)
    assert facts.steps == ["tox lint: FAIL code 1"]
    facts.errors.append("some later error")
    assert fact_items(facts)[0] == ("error", "tox lint: FAIL code 1")


def test_honcho_the_process_that_stopped_and_those_it_stopped():
    text = ("system  | web.1 started (pid=1)\nweb.1   | KeyError: 'jp'\nsystem  | web.1 stopped (rc=1)\n"
            "system  | sending SIGTERM to tests.1 (pid 2)\nsystem  | tests.1 stopped (rc=-15)\n")
    facts = scriptrunners.parse(text)
    assert facts.steps == ["web.1 stopped (rc=1)"]
    assert "then stopped by the runner (SIGTERM): tests.1" in facts.highlights


def test_ci_log_read_through_its_prefixes():
    lines = ["##[group]Run go build ./...", "go build ./...", "##[endgroup]", "# example.com/app",
             "./main.go:11:14: undefined: totl", "##[error]Process completed with exit code 2."]
    raw = "\n".join(f"go\tBuild\t2026-11-26T18:22:22.50{i}Z {line}" for i, line in enumerate(lines)) + "\n"
    body = summarize("gh run view 1 --log-failed", raw.encode(), 0).body
    assert "exit code 2" in body and "main.go:11" in body and "totl" in body
    assert "2026-11-26T" not in body


def test_gcc_and_make_in_other_languages():
    de = ("util.c:13:12: Warnung: Funktion liefert Adresse einer lokalen Variablen zurück [-Wreturn-local-addr]\n"
          "util.c:19:12: Fehler: »undefined_var« nicht deklariert (erste Verwendung in dieser Funktion)\n"
          "make: *** [Makefile:4: util] Fehler 1\n")
    facts = cc.parse(de)
    assert [(d.severity, d.line, d.code) for d in facts.diagnostics] == [("warning", 13, "-Wreturn-local-addr"), ("error", 19, None)]
    assert facts.errors == ["make: *** [Makefile:4: util] Fehler 1"]
    fr = cc.parse("a.c:3:1: erreur fatale: x.h : Aucun fichier ou dossier de ce type\nmake: *** [Makefile:4 : a] Erreur 1\n")
    assert fr.diagnostics[0].severity == "error" and fr.errors == ["make: *** [Makefile:4 : a] Erreur 1"]
    tr = cc.parse("a.c:3:1: UYARI: unused\n")
    assert tr.diagnostics[0].severity == "warning"
