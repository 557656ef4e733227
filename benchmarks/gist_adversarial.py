"""How the fact guard judges hand-written gists of real captures: faithful restatements it must keep, and the same
fact lines' words rearranged into something the output does not say, which it must remove.

`python -m terminus_edge.benchmarks.gist_adversarial [--cases tests/data/gist_adversarial.jsonl] [--real DIR]
[--dev DIR] [--out F.jsonl]` runs each gist through summarize() as the model's reply (FakeModel), exactly as a real
reply goes, and prints accuracy with every case the guard got wrong and the guard's reason.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from terminus_edge.benchmarks import fidelity as fb

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Judged:
    case: str
    gist: str
    faithful: bool
    kept: bool
    note: str

    @property
    def right(self) -> bool:
        return self.kept == self.faithful


def load_cases(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def judge(row: dict, case: fb.Case) -> Judged:
    from terminus_edge.model import FakeModel
    from terminus_edge.summarize import summarize

    from terminus_edge.benchmarks.gist_acceptance import recording_guard

    seen: list = []
    with recording_guard(seen):
        s = summarize(case.command, case.output, case.meta.get("exit_code"), model=FakeModel([row["gist"]]))
    reasons = "; ".join(r for g in seen for r in g.reasons) or (s.model_note or "")
    return Judged(row["case"], row["gist"], row["faithful"], s.model_used, reasons)


def run(rows: list[dict], corpora: dict[str, Path]) -> list[Judged]:
    loaded = {name: {c.id: c for c in fb.load_corpus(str(path))} for name, path in corpora.items() if path.is_dir()}
    return [judge(row, loaded[row["corpus"]][row["case"]]) for row in rows if row["corpus"] in loaded]


def report(judged: list[Judged]) -> dict:
    faithful = [j for j in judged if j.faithful]
    bent = [j for j in judged if not j.faithful]
    return {
        "cases": len(judged), "right": sum(j.right for j in judged),
        "faithful_kept": f"{sum(j.kept for j in faithful)}/{len(faithful)}",
        "rearranged_removed": f"{sum(not j.kept for j in bent)}/{len(bent)}",
        "wrong": [f"{'kept' if j.kept else 'removed'}: {j.case}: {j.gist} [{j.note}]" for j in judged if not j.right],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default=str(ROOT / "tests" / "data" / "gist_adversarial.jsonl"))
    parser.add_argument("--real", default=str(ROOT / "tests" / "data" / "real"))
    parser.add_argument("--dev", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    judged = run(load_cases(Path(args.cases)), {"real": Path(args.real), "dev": Path(args.dev)})
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(asdict(j)) + "\n" for j in judged)
    print(json.dumps(report(judged), indent=1))


if __name__ == "__main__":
    main()
