"""Questions about how a service is deployed, each read from its config files by one read-only command:

    listen_plan      "which ports does our nginx config listen on?" -> every `server { … }` block of the nginx files
                     (the named file or folder, else the project's nginx folder or *.conf files that have one): its
                     `listen` and `server_name` lines, comments left out
    dockerfile_plan  "what base image does the final stage use, which port, which user?" -> the FROM / EXPOSE / USER /
                     ENTRYPOINT / CMD lines of the Dockerfile; the answer names the final stage's
    limits_plan      "which containers in k8s/deployment.yaml have no memory limit?" -> each container (and init
                     container) of the manifest with its resources' limits and requests
    cert_plan        "when does certs/api.pem expire? which names does it cover?" -> openssl x509 of the named file
    deploy_config_reports(records) -> [str]
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script, script_lines
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_PORTS = re.compile(r"\b(?:ports?|listen(?:s|ing)?|bind(?:s|ing)?|bound)\b", re.I)
_NGINX = re.compile(r"\bnginx\b", re.I)
_DOCKER = re.compile(r"\b(?:base\s+image|final\s+stage|runtime\s+stage|expose[sd]?|which\s+user|run(?:s)?\s+as)\b", re.I)
_LIMITS = re.compile(r"\b(?:memory|cpu|resource)\s+(?:limits?|requests?)\b|\blimits?\b[^.?!\n]{0,30}\b(?:memory|cpu)\b", re.I)
_CERT_ASKS = re.compile(r"\b(?:expir\w*|valid(?:ity)?|not\s+after|host\s*names?|domains?|SANs?|subject|issuer|cover(?:s|ed)?)\b", re.I)
_CERT_FILE = re.compile(r"\.(?:pem|crt|cer|cert)$", re.I)

SERVERS = (
    "import re, sys\n# nginx server blocks\nfor path in sys.argv[1:]:\n    depth, block, said = 0, None, []\n"
    "    for n, raw in enumerate(open(path, encoding=\"utf-8\", errors=\"replace\"), 1):\n"
    "        line = raw.split(\"#\", 1)[0].strip()\n"
    "        if re.match(r\"server\\s*\\{\", line): block = {\"line\": n, \"depth\": depth, \"listen\": [], \"names\": []}\n"
    "        m = re.match(r\"(listen|server_name)\\s+([^;]+);\", line)\n"
    "        if m and block: block[\"listen\" if m.group(1) == \"listen\" else \"names\"].append(m.group(2).strip())\n"
    "        depth += line.count(\"{\") - line.count(\"}\")\n"
    "        if block and depth <= block[\"depth\"] and \"}\" in line:\n"
    "            print(path + \":\" + str(block[\"line\"]) + \" server \" + (\" \".join(block[\"names\"]) or \"(no server_name)\") + \": listens on \" + (\", \".join(block[\"listen\"]) or \"80 (no listen line: the default)\"))\n"
    "            block = None\n")

CONTAINERS = (
    "import re, sys\n# container resources\nrows, cur, section, key = [], None, None, None\n"
    "for raw in open(sys.argv[1], encoding=\"utf-8\", errors=\"replace\"):\n"
    "    line = raw.split(\" #\", 1)[0].rstrip()\n    if not line.strip() or line.strip().startswith(\"#\"): continue\n"
    "    ind = len(line) - len(line.lstrip(\" -\")); text = line.strip(\" -\")\n"
    "    if line.strip() == \"---\": section = cur = None; continue\n"
    "    m = re.match(r\"(initContainers|containers):\\s*$\", text)\n"
    "    if m: section, sind, cur = m.group(1), ind, None; continue\n"
    "    if section and ind <= sind and not line.lstrip().startswith(\"-\"): section = cur = None\n"
    "    m = re.match(r\"name:\\s*[\\x22\\x27]?([\\w.-]+)\", text)\n"
    "    if section and line.lstrip().startswith(\"- \") and m: cur = {\"name\": m.group(1), \"kind\": section, \"ind\": ind, \"limits\": {}, \"requests\": {}}; rows.append(cur); key = None; continue\n"
    "    if not cur: continue\n    m = re.match(r\"(limits|requests):\\s*$\", text)\n"
    "    if m: key, kind = ind, m.group(1); continue\n"
    "    m = re.match(r\"(memory|cpu):\\s*[\\x22\\x27]?([^\\x22\\x27\\s]+)\", text)\n"
    "    if m and key is not None and ind > key: cur[kind][m.group(1)] = m.group(2)\n"
    "    elif key is not None and ind <= key: key = None\n"
    "for r in rows:\n    lim, req = r[\"limits\"], r[\"requests\"]\n"
    "    print(r[\"name\"] + \" (\" + r[\"kind\"] + \"): memory limit \" + lim.get(\"memory\", \"NONE\") + \", request \" + req.get(\"memory\", \"none\") + \"; cpu limit \" + lim.get(\"cpu\", \"NONE\") + \", request \" + req.get(\"cpu\", \"none\"))\n"
    "print(\"no memory limit: \" + (\", \".join(r[\"name\"] for r in rows if \"memory\" not in r[\"limits\"]) or \"none\") + \"; no cpu limit: \" + (\", \".join(r[\"name\"] for r in rows if \"cpu\" not in r[\"limits\"]) or \"none\"))\n")
_MARKS = ("# nginx server blocks", "# container resources")


def _nginx_files(query: str, cwd: Path) -> list[str]:
    found = []
    for p in named_paths(query, cwd) or ["."]:
        if is_file(cwd / p):
            found.append(p)
            continue
        for folder, dirs, files in os.walk(cwd / p):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
            rel = os.path.relpath(folder, cwd)
            found += [os.path.normpath(os.path.join(rel, f)) for f in sorted(files) if f.endswith(".conf") and (
                "nginx" in rel.lower() or "nginx" in f.lower() or p != ".")]
            if len(found) > 20:
                break
    return found[:20]


def listen_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_PORTS.search(query) and (_NGINX.search(query) or any(p.endswith(".conf") for p in named_paths(query, cwd)))):
        return []
    files = _nginx_files(query, cwd)
    return [planned(python_script(SERVERS, *files), "info", "list each nginx server block's listen and server_name lines")] if files else []


def dockerfile_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    named = [p for p in named_paths(query, cwd) if "dockerfile" in p.lower() or p.lower().endswith(".containerfile")]
    path = named[0] if named else "Dockerfile" if re.search(r"\bdocker(?:file)?\b|\bimage\b", query, re.I) and is_file(cwd / "Dockerfile") else None
    if not path or not _DOCKER.search(query) and not re.search(r"\bport\b", query, re.I):
        return []
    return [planned(f"grep -n -i -E '^[[:space:]]*(FROM|EXPOSE|USER|ENTRYPOINT|CMD)[[:space:]]' {shlex.quote(path)}", "search",
                    f"list the stages of {path} with their base image, exposed ports and user")]


def limits_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p) and p.endswith((".yaml", ".yml"))] if _LIMITS.search(query) else []
    return [planned(python_script(CONTAINERS, files[0]), "info", f"list each container of {files[0]} with its limits and requests")] if files else []


def cert_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p) and _CERT_FILE.search(p)] if _CERT_ASKS.search(query) else []
    if not files:
        return []
    return [planned(f"openssl x509 -in {shlex.quote(files[0])} -noout -subject -issuer -startdate -enddate -ext subjectAltName "
                    "-checkend 0", "info", f"read the certificate {files[0]}: subject, issuer, validity dates, host names, and whether "
                    "it has expired now (-checkend 0)")]


def deploy_config_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for r in records:
        lines = script_lines(r, _MARKS)
        if lines is not None:
            out.append("; ".join(lines[:20]) + "." if lines else "")
        elif not r.ran:
            continue
        elif r.command.startswith("grep -n -i -E '^[[:space:]]*(FROM|EXPOSE") and r.exit_code == 0:
            out.append(_stages(r.output, shlex.split(r.command)[-1]))
        elif r.command.startswith("openssl x509 -in ") and r.exit_code in (0, 1):
            out.append(_cert(r.output, shlex.split(r.command)[3]))
    return [s for s in out if s]


def _stages(text: str, path: str) -> str:
    stages: list[dict] = []
    for m in re.finditer(r"^(\d+):\s*(FROM|EXPOSE|USER|ENTRYPOINT|CMD)\s+(.+)$", text, re.M | re.I):
        word, rest = m.group(2).upper(), m.group(3).strip()
        if word == "FROM":
            image = re.sub(r"^--platform=\S+\s+", "", rest).split()
            stages.append({"line": m.group(1), "image": image[0], "alias": image[2] if len(image) > 2 else "", "EXPOSE": [], "USER": []})
        elif stages and word in ("EXPOSE", "USER"):
            stages[-1][word].append(rest)
    if not stages:
        return ""
    last = stages[-1]
    base = last["image"] + (" (an earlier stage of this file)" if any(s["alias"] == last["image"] for s in stages[:-1]) else "")
    said = (f"{path} has {len(stages)} stage(s); the final one ({path}:{last['line']}{', ' + last['alias'] if last['alias'] else ''}) "
            f"is FROM {base}, exposes " + (", ".join(last["EXPOSE"]) or "no port (no EXPOSE)") + ", runs as " +
            (last["USER"][-1] if last["USER"] else "the base image's default user (no USER line)") + ".")
    earlier = [f"{s['alias'] or 'stage ' + str(i + 1)} FROM {s['image']}" + (f" EXPOSE {', '.join(s['EXPOSE'])}" if s["EXPOSE"] else "")
               for i, s in enumerate(stages[:-1])]
    return said + (" Earlier: " + "; ".join(earlier) + "." if earlier else "")


def _cert(text: str, path: str) -> str:
    field = {k: v.strip() for k, v in re.findall(r"^(subject|issuer|notBefore|notAfter)\s*=\s*(.+)$", text, re.M)}
    names = re.findall(r"\b(?:DNS|IP Address):([^,\s]+)", text)
    if "notAfter" not in field:
        return ""
    now = ("It has expired: its notAfter date has passed (openssl -checkend 0 says it will expire now, exit code 1). "
           if "Certificate will expire" in text else "It is still valid now (openssl -checkend 0: will not expire). "
           if "Certificate will not expire" in text else "")
    return now + (f"{path}: valid from {field.get('notBefore', '?')} until {field['notAfter']} (notAfter); subject "
            f"{field.get('subject', '?')}; issuer {field.get('issuer', '?')}; names: " + (", ".join(names) or "none listed (no subjectAltName)") + ".")
