"""Held-out redaction cases, session 10, part 3: look-alikes that must survive — a lone sha384 digest in base64 (64
characters, a PEM line's width), SRI integrity attributes, npm pack's shasum and integrity, go.sum-style h1: hashes,
an inline sourcemap, a signed commit's gpgsig and an SSH signature, hashed known_hosts, a public JWK and PEM, a
certificate chain's tail, UUIDs and digests, placeholders in docs. No secret in any of them.
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout7/capture_neg.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, Scratch, gpg_env, rnd, uuid, write_case  # noqa: E402

G = "heldout-session-10-neg"


def digests(s: Scratch) -> None:
    s.write("dist/app.js", "export const answer = () => 42;\n" * 40 + rnd(200) + "\n")
    s.write("dist/vendor.js", "window.vendor = {};\n" + rnd(500) + "\n")
    # 32. the lone base64 sha384 of a bundle: 48 bytes, 64 characters, no padding
    out = s.sh("openssl dgst -sha384 -binary dist/app.js | base64")
    write_case("neg-openssl-sha384-base64-lone-line", "openssl dgst -sha384 -binary dist/app.js | base64", out, [],
               [out.strip()], G)
    # 33. SRI attributes for the bundles (sha384 and sha512), printed by a one-liner
    out = s.sh("for f in dist/app.js dist/vendor.js; do echo \"<script src=\\\"/$f\\\" integrity=\\\"sha384-$(openssl dgst "
               "-sha384 -binary $f | base64)\\\" crossorigin=\\\"anonymous\\\"></script>\"; done; "
               "echo \"sha512-$(openssl dgst -sha512 -binary dist/app.js | base64 -w0)  dist/app.js\"")
    write_case("neg-sri-integrity-attributes", "./scripts/sri.sh dist/*.js", out, [],
               [ln.split('integrity="')[1].split('"')[0] for ln in out.splitlines() if "integrity=" in ln]
               + [out.splitlines()[-1].split()[0]], G)
    # 34. npm pack: the tarball's shasum and integrity
    s.write("pkg/package.json", json.dumps({"name": "@acme/util", "version": "2.3.1", "main": "index.js"}))
    s.write("pkg/index.js", "module.exports = () => 1;\n")
    out = s.sh("cd pkg && npm pack 2>&1")
    sums = [ln.split(":", 1)[1].strip().split()[-1] for ln in out.splitlines() if "shasum:" in ln or "integrity:" in ln]
    write_case("neg-npm-pack-shasum-integrity", "npm pack", out, [], sums + ["acme-util-2.3.1.tgz"], G)
    # 35. go.sum-style lines: h1: base64 of a sha256 per module, as `go mod download` writes them
    lines = []
    for mod, ver in (("github.com/google/uuid", "v1.6.0"), ("golang.org/x/crypto", "v0.29.0"), ("github.com/spf13/cobra", "v1.8.1")):
        for suffix in ("", "/go.mod"):
            h = base64.b64encode(hashlib.sha256(f"{mod}{ver}{suffix}{rnd(8)}".encode()).digest()).decode()
            lines.append(f"{mod} {ver}{suffix} h1:{h}")
    s.write("go.sum", "\n".join(lines) + "\n")
    out = s.sh("cat go.sum")
    write_case("neg-cat-go-sum", "cat go.sum", out, [], [ln.split("h1:")[1] for ln in lines], G)
    # 36. UUIDs, sha256 image digests, an ETag and a trace id in a deploy log
    ids = [uuid() for _ in range(3)]
    dg = hashlib.sha256(rnd(30).encode()).hexdigest()
    tr = rnd(32, "0123456789abcdef")
    s.write("deploy.log", f"deploy {ids[0]} started by ci\nimage registry.acme.dev/api@sha256:{dg}\n"
            f"release {ids[1]} -> rollout {ids[2]}\ntraceparent: 00-{tr}-{rnd(16, '0123456789abcdef')}-01\n"
            f"ETag: \"{hashlib.md5(dg.encode()).hexdigest()}\"\n")
    out = s.sh("cat deploy.log")
    write_case("neg-deploy-log-uuids-digests-trace", "cat logs/deploy.log", out, [], ids + [dg, tr], G)
    # 43. the last lines of a bundle with an inline sourcemap (base64 of JSON)
    smap = {"version": 3, "file": "app.min.js", "sources": ["../src/app.ts", "../src/util.ts"], "names": ["answer", "util"],
            "mappings": ";".join(rnd(R.randint(8, 30), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/,")
                                 for _ in range(30))}
    enc = base64.b64encode(json.dumps(smap).encode()).decode()
    s.write("dist/app.min.js", "(()=>{const a=()=>42;window.answer=a})();\n//# sourceMappingURL=data:application/json;"
            f"charset=utf-8;base64,{enc}\n")
    out = s.sh("tail -n 2 dist/app.min.js")
    write_case("neg-tail-inline-sourcemap", "tail -n 2 dist/app.min.js", out, [], [enc[:200], enc[-200:], "window.answer=a"], G)


def signatures_and_public(s: Scratch) -> None:
    env = gpg_env(s)
    # 37. a signed commit's raw object: tree/parent SHAs and the gpgsig block
    s.write("k.gen", "Key-Type: EDDSA\nKey-Curve: ed25519\nName-Real: Rel\nName-Email: rel@acme.dev\nExpire-Date: 0\n%no-protection\n%commit\n")
    s.sh("gpg --batch --gen-key k.gen", env=env)
    s.sh("git init -q sg && cd sg && echo a > a && git add a && git -c user.name=Rel -c user.email=rel@acme.dev commit -qm one && "
         "echo b > b && git add b && git -c user.name=Rel -c user.email=rel@acme.dev -c user.signingkey=rel@acme.dev commit -S -qm two",
         env=env)
    out = s.sh("cd sg && git cat-file -p HEAD", env=env)
    sig = [ln.strip() for ln in out.splitlines() if ln.strip() and not ln.strip().startswith(("-----", "gpgsig", "tree", "parent",
                                                                                            "author", "committer", "two"))]
    write_case("neg-git-cat-file-signed-commit", "git cat-file -p HEAD", out, [],
               [out.split()[1], out.split()[3], "-----BEGIN PGP SIGNATURE-----"] + sig[:2], G)
    # 38. an SSH signature of a release file and the allowed_signers file that checks it
    s.sh("ssh-keygen -q -t ed25519 -N '' -f signer -C rel@acme.dev && echo v1.4.2 > VERSION && "
         "ssh-keygen -Y sign -f signer -n file VERSION 2>/dev/null && "
         "echo \"rel@acme.dev $(cat signer.pub)\" > allowed_signers")
    out = s.sh("cat VERSION.sig allowed_signers && ssh-keygen -Y verify -f allowed_signers -I rel@acme.dev -n file -s VERSION.sig < VERSION")
    body = [ln for ln in out.splitlines() if ln and not ln.startswith(("-----", "rel@", "Good"))]
    write_case("neg-ssh-signature-allowed-signers", "cat VERSION.sig allowed_signers && ssh-keygen -Y verify …", out, [],
               body + [out.split("ssh-ed25519 ")[1].split()[0], "Good \"file\" signature for rel@acme.dev"], G)
    # 39. known_hosts hashed by ssh-keygen -H
    s.sh("ssh-keygen -q -t ed25519 -N '' -f hk1 && ssh-keygen -q -t ecdsa -N '' -f hk2 && "
         "echo \"git.acme.dev $(cut -d' ' -f1,2 hk1.pub)\" > known_hosts && echo \"bastion.acme.dev $(cut -d' ' -f1,2 hk2.pub)\" >> known_hosts && "
         "ssh-keygen -H -f known_hosts >/dev/null 2>&1")
    out = s.sh("cat known_hosts")
    write_case("neg-cat-hashed-known-hosts", "cat ~/.ssh/known_hosts", out, [],
               [ln.split()[0] for ln in out.splitlines()] + [ln.split()[2] for ln in out.splitlines()], G)
    # 40. a public JWK set and the same key as PEM
    out = s.sh("node -e \"const c=require('crypto');const {publicKey}=c.generateKeyPairSync('rsa',{modulusLength:2048});"
               "console.log(JSON.stringify({keys:[{kid:'signing-2026-11',use:'sig',alg:'RS256',...publicKey.export({format:'jwk'})}]},null,2));"
               "console.log(publicKey.export({type:'spki',format:'pem'}))\"")
    n = json.loads(out[:out.index("-----BEGIN")])["keys"][0]["n"]
    pem = [ln for ln in out.splitlines() if ln and not ln.startswith("-----") and "{" not in ln and '"' not in ln and ln.strip() not in "}]"]
    write_case("neg-node-public-jwks-and-pem", "curl -s https://auth.acme.dev/.well-known/jwks.json; node print-pem.js", out, [],
               [n, '"e": "AQAB"', "-----BEGIN PUBLIC KEY-----"] + pem[1:3], G)
    # 41. the tail of a certificate chain: the end of one certificate, a whole second one
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj /CN=acme-root 2>/dev/null && "
         "openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj /CN=api.acme.dev 2>/dev/null && "
         "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -out srv.crt 2>/dev/null && "
         "cat srv.crt ca.crt > fullchain.pem")
    out = s.sh("tail -n 32 fullchain.pem")
    write_case("neg-tail-fullchain-pem", "tail -n 32 /etc/nginx/tls/fullchain.pem", out, [],
               [ln for ln in out.splitlines() if not ln.startswith("-----")][:12:3] + ["-----END CERTIFICATE-----"], G)
    # 42. a README's setup section: placeholders in every shape, and an example key that is documented as fake
    s.write("README.md", "## Setup\n\n```sh\nexport OPENAI_API_KEY=<YOUR_OPENAI_API_KEY>\nexport GITHUB_TOKEN=\"$GITHUB_TOKEN\"\n"
            "export HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\ncurl -H \"Authorization: Bearer ${API_TOKEN}\" https://api.acme.dev/v1/me\n"
            "docker login -u <username> -p <password> registry.acme.dev\n```\n\nSet `password: {{ .Values.db.password }}` in values.yaml.\n")
    out = s.sh("sed -n '/## Setup/,$p' README.md")
    write_case("neg-readme-placeholders", "sed -n '/## Setup/,$p' README.md", out, [],
               ["<YOUR_OPENAI_API_KEY>", '"$GITHUB_TOKEN"', "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "Bearer ${API_TOKEN}",
                "-p <password>", "{{ .Values.db.password }}"], G)


if __name__ == "__main__":
    R.seed(10_3)
    s = Scratch("h7neg")
    digests(s)
    signatures_and_public(s)
