"""Held-out redaction cases, session 9, part 3 (negatives): things that look like secrets and are not — commit SHAs,
checksums, pip hashes and npm integrity strings, UUIDs and image digests, a base64 image in a data URI, kubectl's own
masked config view. Removing any of them is a false redaction. Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout6/capture_neg.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, Scratch, hexs, rnd, uuid, write_case  # noqa: E402

G = "heldout-session-9-neg"


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    rows = b"".join(b"\x00" + bytes(R.randrange(256) for _ in range(width * 3)) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00")
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def main() -> None:
    R.seed(9_3)
    s = Scratch("h6neg")

    # 1. git: full SHAs in log, rev-parse, show-ref and a tag's object id
    s.sh("git init -q r && cd r && for i in 1 2 3; do echo $i > f$i && git add f$i && "
         "git -c user.name=dev -c user.email=dev@acme.dev commit -qm \"step $i\"; done && git tag v1.2.0")
    out = s.sh("cd r && git log --format='%H %an %s' && git rev-parse HEAD~1 && git show-ref && git cat-file -p HEAD | head -n 2")
    shas = sorted({w for w in out.split() if len(w) == 40 and all(c in "0123456789abcdef" for c in w)})
    write_case("neg-git-shas-show-ref-cat-file", "git log --format='%H %an %s' && git rev-parse HEAD~1 && git show-ref && "
               "git cat-file -p HEAD | head -n 2", out, [], shas + ["refs/tags/v1.2.0", "step 3"], G)

    # 2. checksums: sha256sum, md5sum, pip hash, an npm lockfile's integrity strings
    for i in range(3):
        s.write(f"dist/pkg-{i}.tar.gz", rnd(2000))
    lock = {"name": "web", "lockfileVersion": 3, "packages": {
        f"node_modules/{n}": {"version": v, "resolved": f"https://registry.npmjs.org/{n}/-/{n}-{v}.tgz",
                              "integrity": "sha512-" + base64.b64encode(hashlib.sha512(rnd(40).encode()).digest()).decode()}
        for n, v in (("left-pad", "1.3.0"), ("lodash", "4.17.21"))}}
    s.write("package-lock.json", json.dumps(lock, indent=2) + "\n")
    out = s.sh("sha256sum dist/*.tar.gz; md5sum dist/pkg-0.tar.gz; pip hash dist/pkg-1.tar.gz; grep -n integrity package-lock.json")
    sums = [ln.split()[0] for ln in out.splitlines() if ln.endswith(".tar.gz") and "  " in ln]
    integ = [ln.split('"')[3] for ln in out.splitlines() if "integrity" in ln]
    pip_hash = [ln.strip() for ln in out.splitlines() if ln.strip().startswith("--hash=")][0]
    write_case("neg-checksums-pip-hash-npm-integrity", "sha256sum dist/*.tar.gz; md5sum dist/pkg-0.tar.gz; pip hash "
               "dist/pkg-1.tar.gz; grep -n integrity package-lock.json", out, [], sums + integ + [pip_hash], G)

    # 3. UUIDs and image digests: a docker-compose-like listing, python uuid4s, sha256 digests
    ids = [uuid() for _ in range(3)]
    digests = ["sha256:" + hexs(64) for _ in range(2)]
    s.write("images.txt", f"REPOSITORY                 TAG      DIGEST\nghcr.io/acme/ledger        1.4.2    {digests[0]}\n"
            f"ghcr.io/acme/ledger-worker 1.4.2    {digests[1]}\n")
    s.write("runs.json", json.dumps([{"run_id": i, "trace_id": hexs(32), "status": "passed"} for i in ids], indent=1) + "\n")
    out = s.sh("cat images.txt; jq -r '.[] | \"\\(.run_id) \\(.trace_id) \\(.status)\"' runs.json")
    traces = [ln.split()[1] for ln in out.splitlines() if ln.endswith("passed")]
    write_case("neg-uuids-trace-ids-image-digests", "docker images --digests ghcr.io/acme/ledger*; jq -r '.[] | "
               "\"\\(.run_id) \\(.trace_id) \\(.status)\"' runs.json", out, [], ids + digests + traces, G)

    # 4. a small PNG inlined as a data URI in CSS, and the base64 of a PNG wrapped at 64 columns (first lines)
    png = base64.b64encode(_png(12, 6)).decode()
    s.write("icon.css", f".icon-ok {{\n  background-image: url(data:image/png;base64,{png});\n  width: 12px;\n}}\n")
    out = s.sh("cat icon.css")
    write_case("neg-css-data-uri-png", "cat web/static/icon.css", out, [], [png[:40], png[-40:], "width: 12px;"], G)

    # 5. kubectl config view without --raw: kubectl masks the secrets itself
    s.sh("kubectl config --kubeconfig kc.yaml set-cluster prod --server=https://10.20.0.1:6443 --insecure-skip-tls-verify=true && "
         f"kubectl config --kubeconfig kc.yaml set-credentials deployer --token={rnd(40)} && "
         "kubectl config --kubeconfig kc.yaml set-context prod --cluster=prod --user=deployer && "
         "kubectl config --kubeconfig kc.yaml use-context prod")
    out = s.sh("kubectl config view --kubeconfig kc.yaml")
    write_case("neg-kubectl-config-view-masked", "kubectl config view", out, [],
               ["server: https://10.20.0.1:6443", "token: REDACTED", "current-context: prod", "name: deployer",
                "insecure-skip-tls-verify: true"], G)


if __name__ == "__main__":
    main()
