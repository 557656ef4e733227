"""Findings in the nested shapes of interchange formats, made flat for jsonreport: gcc's JSON (`caret` places), SARIF 2.1 (`runs[].results[]`, the
message under `message.text`, the place under `locations[0].physicalLocation`), Code Climate / GitLab code quality
(`check_name`, `description`, `location.path` with `lines.begin` or `positions.begin.line`) and semgrep (`extra`)."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

# SARIF's `level`, Code Climate's `severity`, as the words jsonreport counts.
LEVELS = {"note": "info", "none": "info", "blocker": "error", "critical": "error", "major": "error", "minor": "warning"}


def sarif_results(report: dict) -> list[dict] | None:
    """Every run's results, flat; None when `report` is no SARIF log."""
    runs = report.get("runs")
    if not isinstance(runs, list):
        return None
    results = []
    for run in runs:
        if isinstance(run, dict) and isinstance(run.get("results"), list):
            results += [r for r in run["results"] if isinstance(r, dict)]
    return results


def flatten(finding: dict) -> dict:
    """The same finding with its message, file, line, column, rule and level at the top, where jsonreport looks."""
    flat = dict(finding)
    if isinstance(flat.get("extra"), dict):  # semgrep keeps the message and severity one level down
        flat = {**flat.pop("extra"), **flat}
    if isinstance(flat.get("message"), dict) and isinstance(flat["message"].get("text"), str):
        flat["message"] = flat["message"]["text"]  # SARIF
    place = _sarif_place(flat.get("locations")) or _gcc_place(flat.get("locations"))
    if place:
        flat.update({k: v for k, v in place.items() if k not in flat})
    location = flat.get("location")
    if isinstance(location, dict) and isinstance(location.get("path"), str):  # Code Climate
        flat.setdefault("path", location["path"])
        begin = (location.get("lines") or {}).get("begin") if isinstance(location.get("lines"), dict) else None
        positions = location.get("positions")
        if begin is None and isinstance(positions, dict) and isinstance(positions.get("begin"), dict):
            begin, column = positions["begin"].get("line"), positions["begin"].get("column")
            flat.setdefault("column", column)
        flat.setdefault("line", begin)
    if "check_name" in flat and isinstance(flat.get("description"), str):
        flat.setdefault("message", flat["description"].removeprefix(f"{flat['check_name']}: "))
    level = next((flat[k] for k in ("level", "severity") if isinstance(flat.get(k), str)), None)
    if level and level.lower() in LEVELS:
        flat["severity"] = LEVELS[level.lower()]
    elif level and "severity" not in flat:
        flat["severity"] = level
    return flat


def _gcc_place(locations: object) -> dict | None:
    """gcc's `-fdiagnostics-format=json`: `"locations": [{"caret": {"file": "a.c", "line": 2, "column": 36}}]`."""
    if not (isinstance(locations, list) and locations and isinstance(locations[0], dict)):
        return None
    caret = locations[0].get("caret")
    if not (isinstance(caret, dict) and isinstance(caret.get("file"), str)):
        return None
    return {"file": caret["file"], "line": caret.get("line"), "column": caret.get("column")}


def _sarif_place(locations: object) -> dict | None:
    if not (isinstance(locations, list) and locations and isinstance(locations[0], dict)):
        return None
    physical = locations[0].get("physicalLocation")
    if not isinstance(physical, dict):
        return None
    artifact = physical.get("artifactLocation") if isinstance(physical.get("artifactLocation"), dict) else {}
    region = physical.get("region") if isinstance(physical.get("region"), dict) else {}
    uri = artifact.get("uri")
    if not isinstance(uri, str):
        return None
    path = unquote(urlparse(uri).path) if uri.startswith("file:") else uri
    return {"file": path, "line": region.get("startLine"), "column": region.get("startColumn")}
