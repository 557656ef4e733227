"""Held-out redaction cases, session 10, part 2: Terraform state and outputs, a workflow file, .env files beside their
example, docker run/login and pg_dump under bash -x, kubectl's docker-registry and tls secrets, an npm script, Hugging Face
token files, a private JWK from node, and one- and two-line slices of private keys whose file names say key without a
key's extension (`/etc/ssh/ssh_host_rsa_key`, `deploy_key`, `sed -n 12p < tls/server.key`).
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout7/capture_more.py
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (  # noqa: E402
    DIGITS, R, Scratch, ghp, hexs, hf_token, password, rnd, stripe_secret, write_case,
)

G = "heldout-session-10-more"


def infra(s: Scratch) -> None:
    # 17-18. Terraform (the built-in terraform_data resource, no provider to download): the state file, then outputs
    dbp, tok = password(), "glpat-" + rnd(20)
    s.write("tf/main.tf", 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n'
            'resource "terraform_data" "db" {\n  input = {\n    engine   = "postgres"\n    username = "orders_admin"\n'
            '    password = var.db_password\n  }\n}\n'
            f'resource "terraform_data" "runner" {{\n  input = {{ registration_token = "{tok}", url = "https://gitlab.acme.dev" }}\n}}\n'
            'output "db_password" {\n  value     = terraform_data.db.output.password\n  sensitive = true\n}\n'
            'output "db_user" {\n  value = terraform_data.db.output.username\n}\n')
    s.sh(f"cd tf && terraform init -no-color >/dev/null && TF_VAR_db_password='{dbp}' terraform apply -auto-approve -no-color >/dev/null")
    out = s.sh("cd tf && cat terraform.tfstate")
    lineage = json.loads(out)["lineage"]
    write_case("cat-terraform-tfstate", "cat terraform.tfstate", out, [dbp, tok],
               [lineage, '"terraform_version": "1.11.4"', '"username": "orders_admin"', '"engine": "postgres"', '"sensitive": true'], G)
    out = s.sh("cd tf && terraform output -no-color; terraform output -json -no-color")
    write_case("terraform-output-and-json", "terraform output; terraform output -json", out, [dbp],
               ['db_password = <sensitive>', 'db_user = "orders_admin"', '"sensitive": true'], G)

    # 19. a workflow file: secrets by reference (placeholders that stay) and one pasted in by mistake
    xa = f"xapp-1-A{rnd(10, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')}-{rnd(13, DIGITS)}-{hexs(64)}"
    s.write(".github/workflows/notify.yml", "name: notify\non: [push]\njobs:\n  notify:\n    runs-on: ubuntu-latest\n    env:\n"
            "      SLACK_BOT_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}\n      GH_TOKEN: ${{ github.token }}\n"
            f"      SLACK_APP_TOKEN: {xa}\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./notify.sh \"$GITHUB_SHA\"\n")
    out = s.sh("cat .github/workflows/notify.yml")
    write_case("cat-workflow-secret-refs-and-app-token", "cat .github/workflows/notify.yml", out, [xa],
               ["${{ secrets.SLACK_BOT_TOKEN }}", "${{ github.token }}", "actions/checkout@v4", "runs-on: ubuntu-latest"], G)

    # 20. .env.example (placeholders) and .env.production (the real values) printed together
    e = {"sk": stripe_secret(), "wh": "whsec_" + rnd(32), "rk": "rk_live_51" + rnd(97), "ss": hexs(64), "pk": "pk_live_51" + rnd(97)}
    s.write(".env.example", "STRIPE_SECRET_KEY=<YOUR_STRIPE_SECRET_KEY>\nSTRIPE_WEBHOOK_SECRET=whsec_xxxxxxxxxxxxxxxx\n"
            "SESSION_SECRET=change-me\nOPENAI_API_KEY=${OPENAI_API_KEY}\nNEXTAUTH_URL=http://localhost:3000\n")
    s.write(".env.production", f"STRIPE_SECRET_KEY={e['sk']}\nSTRIPE_WEBHOOK_SECRET={e['wh']}\nSTRIPE_REPORTS_KEY={e['rk']}\n"
            f"NEXT_PUBLIC_STRIPE_KEY={e['pk']}\nSESSION_SECRET={e['ss']}\nNEXTAUTH_URL=https://shop.acme.dev\n")
    out = s.sh("head .env.example .env.production")
    write_case("head-env-example-and-production", "head .env.example .env.production", out, [e["sk"], e["wh"], e["rk"], e["ss"]],
               ["<YOUR_STRIPE_SECRET_KEY>", "whsec_xxxxxxxxxxxxxxxx", "${OPENAI_API_KEY}", "NEXTAUTH_URL=https://shop.acme.dev",
                e["pk"], "==> .env.production <=="], G)

    # 21. docker run -e and docker login -p under bash -x (no daemon here: the real errors follow)
    pg, at, dt = password(), rnd(40, "0123456789abcdef"), "gldt-" + rnd(20)
    s.write("deploy.sh", f"set -x\ndocker login -u gitlab+deploy-token-12 -p {dt} registry.acme.dev\n"
            f"docker run -d --name api -e POSTGRES_PASSWORD='{pg}' -e API_TOKEN={at} -e LOG_LEVEL=debug -p 8080:8080 "
            "registry.acme.dev/acme/api:1.4.2\necho \"deploy exit=$?\"\n")
    out = s.sh("DOCKER_HOST=unix:///tmp/nodocker.sock bash deploy.sh 2>&1")
    write_case("bash-x-docker-login-p-run-e", "bash -x deploy.sh", out, [dt, pg, at],
               ["gitlab+deploy-token-12", "LOG_LEVEL=debug", "registry.acme.dev/acme/api:1.4.2", "deploy exit=125", "-p 8080:8080"], G)

    # 22. pg_dump and psql with URIs under bash -x, the server unreachable
    u1, u2 = password(), rnd(24)
    s.write("backup.sh", f"set -x\nDB_URL='postgresql://backup:{u1}@127.0.0.1:1/orders?sslmode=disable'\n"
            "pg_dump \"$DB_URL\" -Fc -f orders.dump\n"
            f"psql \"postgres://report:{u2}@127.0.0.1:1/bi\" -c 'select 1'\necho \"backup exit=$?\"\n")
    out = s.sh("bash backup.sh 2>&1")
    write_case("bash-x-pg-dump-psql-uris", "bash -x ops/backup.sh", out, [u1, u2],
               ["pg_dump", "-Fc -f orders.dump", "Connection refused", "backup exit=2", "127.0.0.1:1/bi"], G)

    # 23-24. kubectl secrets from the client side: docker-registry and tls
    rp = password()
    out = s.sh(f"kubectl create secret docker-registry regcred --docker-server=registry.acme.dev --docker-username=ci "
               f"--docker-password='{rp}' --docker-email=ci@acme.dev --dry-run=client -o yaml")
    blob = out.split(".dockerconfigjson: ")[1].split()[0]
    write_case("kubectl-create-secret-docker-registry", "kubectl create secret docker-registry regcred --docker-server="
               "registry.acme.dev --docker-username=ci --docker-password=$REG_PW --docker-email=ci@acme.dev --dry-run=client -o yaml",
               out, [blob], ["type: kubernetes.io/dockerconfigjson", "name: regcred", "kind: Secret"], G)
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout tls.key -out tls.crt -days 30 -subj /CN=shop.acme.dev 2>/dev/null")
    out = s.sh("kubectl create secret tls shop-tls --cert=tls.crt --key=tls.key --dry-run=client -o yaml")
    # (the secret starts past the key's modulus: the certificate beside it holds the same modulus, public)
    key_b64 = base64.b64encode((s.work / "tls.key").read_bytes()).decode()
    crt_b64 = base64.b64encode((s.work / "tls.crt").read_bytes()).decode()
    write_case("kubectl-create-secret-tls", "kubectl create secret tls shop-tls --cert=tls.crt --key=tls.key --dry-run=client -o yaml",
               out, [key_b64[600:-40]], ["type: kubernetes.io/tls", "name: shop-tls", crt_b64[200:260]], G)


def apps_and_keys(s: Scratch) -> None:
    # 25. npm run of a script with a literal token header (npm echoes the script, masking only URL passwords)
    np_ = ghp()
    s.write("package.json", json.dumps({"name": "site", "version": "1.0.0", "scripts": {
        "publish:docs": f"curl -sf --max-time 1 -H 'Authorization: token {np_}' -T docs.tgz https://127.0.0.1:1/upload/ || echo upload failed"}}, indent=2))
    out = s.sh("npm run publish:docs 2>&1")
    write_case("npm-run-script-token-header", "npm run publish:docs", out, [np_],
               ["site@1.0.0 publish:docs", "upload failed", "127.0.0.1:1/upload/"], G)

    # 26. Hugging Face's token files: the bare token, and the stored tokens INI
    h1, h2 = hf_token(), hf_token()
    (s.home / ".cache/huggingface").mkdir(parents=True)
    (s.home / ".cache/huggingface/token").write_text(h1)
    (s.home / ".cache/huggingface/stored_tokens").write_text(f"[work]\nhf_token = {h1}\n\n[personal]\nhf_token = {h2}\n")
    out = s.sh("cat ~/.cache/huggingface/token; echo; cat ~/.cache/huggingface/stored_tokens")
    write_case("cat-huggingface-token-files", "cat ~/.cache/huggingface/token; echo; cat ~/.cache/huggingface/stored_tokens",
               out, [h1, h2], ["[work]", "[personal]"], G)

    # 27. a private JWK exported by node: d, p, q, dp, dq, qi are secret; kty, e and the modulus are not
    out = s.sh("node -e \"const {generateKeyPairSync}=require('crypto');const {privateKey}=generateKeyPairSync('rsa',"
               "{modulusLength:2048});console.log(JSON.stringify({kid:'signing-2026-11',...privateKey.export({format:'jwk'})},null,2))\"")
    jwk = json.loads(out)
    write_case("node-export-private-jwk", "node scripts/export-jwk.js", out, [jwk[k] for k in ("d", "p", "q", "dp", "dq", "qi")],
               ['"kty": "RSA"', '"e": "AQAB"', '"kid": "signing-2026-11"'], G)

    # 28-31. one and two lines of private keys whose names say key without a key's extension
    s.sh("ssh-keygen -q -t rsa -b 3072 -N '' -f ssh_host_rsa_key -C root@bastion && ssh-keygen -q -t rsa -b 2048 -N '' "
         "-f deploy_key -C deploy@ci && mkdir -p tls && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 "
         "-out tls/server.key 2>/dev/null && openssl genpkey -algorithm RSA -out jwt-signing-private 2>/dev/null")
    for cid, cmd, rel, nr in (("awk-nr-ssh-host-rsa-key", "awk 'NR==14' /etc/ssh/ssh_host_rsa_key", "ssh_host_rsa_key", "14"),
                              ("sed-n-two-lines-deploy-key", "sed -n '9,10p' ~/.ssh/deploy_key", "deploy_key", "9,10"),
                              ("sed-n-redirect-server-key", "sed -n 12p < tls/server.key", "tls/server.key", "12"),
                              ("awk-nr-jwt-signing-private", "awk 'NR==20' secrets/jwt-signing-private", "jwt-signing-private", "20")):
        lines = (s.work / rel).read_text().splitlines()
        lo, hi = (int(x) for x in (nr.split(",") * 2)[:2])
        out = "\n".join(lines[lo - 1:hi]) + "\n"
        assert s.sh(f"sed -n '{lo},{hi}p' {rel}") == out
        write_case(cid, cmd, out, [ln for ln in lines[lo - 1:hi]], [], G)


if __name__ == "__main__":
    R.seed(10_2)
    s = Scratch("h7more")
    infra(s)
    apps_and_keys(s)
