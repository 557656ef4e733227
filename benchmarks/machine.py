"""The machine block printed with every benchmark: CPU, cores, RAM, GPU, library versions, git sha, and the run itself
(the exact command line, when it started, the load average at its start and end, the prompt and decoding used).

Versions come from package metadata (no heavy imports); the GPU from nvidia-smi when it exists.
"""

from __future__ import annotations

import datetime
import os
import platform
import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

PACKAGES = ("terminus-edge", "onnxruntime", "onnxruntime-gpu", "onnxruntime-genai", "tokenizers", "numpy",
            "llama-cpp-python", "optimum-onnx", "optimum", "transformers", "torch")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_flags() -> list[str]:
    """The SIMD features that decide int4/int8 kernel speed."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return []
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    wanted = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_int8")
    return [f for f in wanted if f in flags]


def gpus() -> list[str]:
    if not shutil.which("nvidia-smi"):
        return []
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.strip() for line in out.stdout.splitlines() if line.strip()] if out.returncode == 0 else []


def versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def git_sha() -> str | None:
    """The commit of the checkout this package runs from (with -dirty), or None for an installed wheel."""
    repo = Path(__file__).resolve().parents[1]
    if not (repo / ".git").exists() or not shutil.which("git"):
        return None
    try:
        sha = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short=12", "HEAD"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return f"{sha}-dirty" if sha and dirty else (sha or None)


def onnxruntime_providers() -> list[str]:
    try:
        import onnxruntime as ort
    except ImportError:
        return []
    return list(ort.get_available_providers())


def load_average() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def command_line(argv: list[str] | None = None) -> str:
    """The command as typed (program name without its folder), quoted so a shell can run it again."""
    argv = list(sys.argv if argv is None else argv)
    if argv:
        name = Path(argv[0]).name
        argv[0:1] = ["python", "-m", "terminus_edge"] if name == "__main__.py" else [name]  # not `__main__.py bench …`
    return shlex.join(argv)


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def machine_info(argv: list[str] | None = None) -> dict:
    """Call it before the measurement (load_avg is the start's); finish_run() adds the end's."""
    import psutil

    return {
        "cpu": cpu_model(),
        "cpu_flags": cpu_flags(),
        "cores_physical": psutil.cpu_count(logical=False),
        "cores_logical": psutil.cpu_count(logical=True),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_avg": load_average(),
        "gpus": gpus(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "onnxruntime_providers": onnxruntime_providers(),
        "versions": versions(),
        "git_sha": git_sha(),
        "command": command_line(argv),
        "started_utc": utc_now(),
    }


def finish_run(info: dict) -> dict:
    """The machine block once the measurement is over: load average at the end too (a shared box's load moves)."""
    return {**info, "load_avg_end": load_average(), "finished_utc": utc_now()}


def _version(info: dict, package: str) -> str:
    return (info.get("versions") or {}).get(package, "")


def machine_columns(info: dict) -> dict:
    """The machine block as flat columns with units in their names, for csv rows (llama-bench's cpu_info, build_commit, …)."""
    load, load_end = info.get("load_avg") or [None], info.get("load_avg_end") or [None]
    return {
        "cpu_model": info.get("cpu", ""), "cpu_flags": " ".join(info.get("cpu_flags") or []),
        "cores_physical": info.get("cores_physical"), "cores_logical": info.get("cores_logical"),
        "cpus_usable": info.get("cpus_usable"), "ram_gib": info.get("ram_gb"), "gpus": "; ".join(info.get("gpus") or []),
        "os": info.get("os", ""), "python_version": info.get("python", ""),
        "terminus_edge_version": _version(info, "terminus-edge"), "onnxruntime_version": _version(info, "onnxruntime"),
        "onnxruntime_gpu_version": _version(info, "onnxruntime-gpu"),
        "onnxruntime_genai_version": _version(info, "onnxruntime-genai"),
        "llama_cpp_python_version": _version(info, "llama-cpp-python"), "git_sha": info.get("git_sha") or "",
        "load_avg_1m_start": load[0], "load_avg_1m_end": load_end[0],
        "started_utc": info.get("started_utc", ""), "command": info.get("command", ""), "method": info.get("method", ""),
    }


def format_machine(info: dict) -> str:
    """A few markdown-friendly lines (also fine in a terminal)."""
    flags = ", ".join(info.get("cpu_flags") or []) or "-"
    lines = [
        f"machine: {info.get('cpu')} ({flags}); {info.get('cores_physical')} physical / "
        f"{info.get('cores_logical')} logical cores ({info.get('cpus_usable')} usable), {info.get('ram_gb')} GiB RAM; "
        f"load avg {info.get('load_avg')}" + (f" at the start, {info['load_avg_end']} at the end" if info.get("load_avg_end") else ""),
        f"gpu: {'; '.join(info.get('gpus') or []) or 'none'}; onnxruntime providers: "
        f"{', '.join(info.get('onnxruntime_providers') or [])}",
        "versions: " + ", ".join(f"{k} {v}" for k, v in (info.get("versions") or {}).items())
        + f"; python {info.get('python')}; {info.get('os')}; git {info.get('git_sha') or '-'}",
    ]
    if info.get("command"):
        lines.append(f"command: `{info['command']}` (started {info.get('started_utc', '?')})")
    if info.get("method"):
        lines.append("method: " + info["method"])
    busy = contended(info)
    if busy:
        lines.append(busy)
    return "\n".join(f"- {line}" for line in lines)


def contended(info: dict) -> str | None:
    """A warning when the 1-minute load average, at the start or the end, was above the CPUs this process may use:
    other work shared the cores, so the timings are low and noisy (the table alone does not say so)."""
    cpus = info.get("cpus_usable") or info.get("cores_logical")
    loads = [load[0] for load in (info.get("load_avg"), info.get("load_avg_end")) if load]
    if not cpus or not loads or max(loads) <= cpus:
        return None
    return (f"contended: 1-min load average {max(loads):.1f} on {cpus} usable CPUs; other work shared the cores, so these "
            "timings are low and noisy (compare rows of one run, not runs)")
