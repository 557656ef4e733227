"""Held-out redaction cases, session 7, part 2: files printed by real cat/sed/grep/jq — .netrc, pip.conf + .npmrc,
docker config.json, compose YAML with `auth`/`credentials` keys, Azure local.settings.json, a GCP service-account
JSON, a terraform state's resources, private keys indented in YAML/heredocs/JSON, a headerless slice of an indented
key, shell history with positional passwords, a transcript with an INI fragment in the middle, prose passwords that
end like adjectives, a CI log. Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout4/capture_files.py
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (  # noqa: E402
    ALNUM, DIGITS, LOWER, UPPER, R, Scratch, aws_pair, azure_secret, b64, b64u, hexs, jwt, pem_body, rnd, slack_bot,
    uuid, write_case,
)

G = "heldout-session-7-real"


def indent(text: str, pad: str) -> str:
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def main() -> None:  # noqa: PLR0915 - one block per case
    s = Scratch("h4files")

    # 1. ~/.netrc: a UUID-shaped Heroku key (UUIDs elsewhere stay), a GitHub token, a word password
    n1, n2, n3, rid = uuid(), "ghp_" + rnd(36), "Tr0mbone-" + rnd(8), uuid()
    (s.home / ".netrc").write_text(f"machine api.heroku.com\n  login dana@acme.dev\n  password {n1}\nmachine git.heroku.com\n"
                                   f"  login dana@acme.dev\n  password {n1}\nmachine github.com login acme-bot password {n2}\n"
                                   f"machine nexus.acme.dev\nlogin deploy\npassword {n3}\n")
    out = s.sh(f"cat ~/.netrc; echo '# request-id: {rid}'")
    write_case("cat-netrc-uuid-password", "cat ~/.netrc; heroku auth:whoami --debug | grep request-id", out, [n1, n2, n3],
               ["machine api.heroku.com", "login dana@acme.dev", "login acme-bot", "login deploy", rid], G)

    # 2. pip.conf and .npmrc: credentials in index URLs, an _authToken, an _auth (base64 user:password)
    i1, i2, i3 = rnd(20), "npm_" + rnd(36), rnd(18)
    auth = b64(f"deploy:{i3}")
    (s.home / ".config/pip").mkdir(parents=True)
    (s.home / ".config/pip/pip.conf").write_text(f"[global]\nindex-url = https://deploy:{i1}@nexus.acme.dev/repository/pypi/simple\n"
                                                 "trusted-host = nexus.acme.dev\ntimeout = 60\n")
    (s.home / ".npmrc").write_text(f"registry=https://nexus.acme.dev/repository/npm/\n//registry.npmjs.org/:_authToken={i2}\n"
                                   f"//nexus.acme.dev/repository/npm/:_auth={auth}\nalways-auth=true\nemail=ci@acme.dev\n")
    out = s.sh("cat ~/.config/pip/pip.conf ~/.npmrc")
    write_case("cat-pip-conf-npmrc-auth", "cat ~/.config/pip/pip.conf ~/.npmrc", out, [i1, i2, auth],
               ["trusted-host = nexus.acme.dev", "always-auth=true", "email=ci@acme.dev", "nexus.acme.dev/repository/pypi/simple",
                "registry=https://nexus.acme.dev/repository/npm/"], G)

    # 3. ~/.docker/config.json: `auth` values are base64 user:token
    d1, d2 = b64("acme-bot:" + "ghp_" + rnd(36)), b64("AWS:" + rnd(60))
    (s.home / ".docker").mkdir()
    (s.home / ".docker/config.json").write_text(json.dumps({"auths": {"ghcr.io": {"auth": d1},
                                                                     "123456789012.dkr.ecr.eu-west-1.amazonaws.com": {"auth": d2}},
                                                           "credsStore": "desktop", "currentContext": "default"}, indent="\t"))
    out = s.sh("cat ~/.docker/config.json")
    write_case("cat-docker-config-auths", "cat ~/.docker/config.json", out, [d1, d2],
               ['"credsStore": "desktop"', "123456789012.dkr.ecr.eu-west-1.amazonaws.com", '"ghcr.io"'], G)

    # 4. compose YAML: bare `auth` / `credentials` keys, a traefik basic-auth label with an apr1 hash
    c1, c2 = rnd(24), f"svc-backup:{rnd(18)}"
    h = s.sh(f"openssl passwd -apr1 -salt {rnd(8)} '{rnd(10)}'").strip()
    s.write("compose.yaml", f"""services:
  proxy:
    image: traefik:v3.2
    labels:
      - "traefik.http.middlewares.admin.basicauth.users=admin:{h.replace('$', '$$')}"
  exporter:
    image: ghcr.io/acme/exporter:1.8.2
    environment:
      EXPORTER_AUTH_MODE: bearer
    configs:
      - source: exporter
    x-upstream:
      url: https://metrics.acme.dev/push
      auth: {c1}
  backup:
    image: restic/restic:0.17.1
    x-repo:
      url: s3:s3.eu-west-1.amazonaws.com/acme-backup
      credentials: "{c2}"
      credentials_file: /run/secrets/restic
""")
    out = s.sh("cat compose.yaml")
    write_case("cat-compose-auth-credentials-keys", "cat compose.yaml", out, [c1, c2.split(":")[1], h.split("$")[-1]],
               ["EXPORTER_AUTH_MODE: bearer", "url: https://metrics.acme.dev/push", "credentials_file: /run/secrets/restic",
                "image: restic/restic:0.17.1", "svc-backup"], G)

    # 5. Azure Functions local.settings.json: storage / service bus connection strings, client secret, bare credentials
    ak = base64.b64encode(bytes(R.randrange(256) for _ in range(64))).decode()
    sb, cs, cr = base64.b64encode(bytes(R.randrange(256) for _ in range(32))).decode(), azure_secret(), rnd(44, ALNUM + "+/")
    s.write("local.settings.json", json.dumps({"IsEncrypted": False, "Values": {
        "AzureWebJobsStorage": f"DefaultEndpointsProtocol=https;AccountName=acmefuncs;AccountKey={ak};EndpointSuffix=core.windows.net",
        "FUNCTIONS_WORKER_RUNTIME": "python",
        "ServiceBus": f"Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sb}",
        "AZURE_CLIENT_ID": (cid := uuid()), "AZURE_CLIENT_SECRET": cs, "credentials": cr}}, indent=2))
    out = s.sh("cat local.settings.json")
    write_case("cat-azure-local-settings", "cat local.settings.json", out, [ak, sb, cs, cr],
               ["AccountName=acmefuncs", '"FUNCTIONS_WORKER_RUNTIME": "python"', "SharedAccessKeyName=RootManageSharedAccessKey",
                cid, "EndpointSuffix=core.windows.net"], G)

    # 6. a GCP service-account key file: the private key, escaped newlines and all
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.pem 2>/dev/null")
    pem = (s.work / "sa.pem").read_text()
    s.write("sa.json", json.dumps({"type": "service_account", "project_id": "acme-ledger-prod", "private_key_id": hexs(40),
                                   "private_key": pem, "client_email": "ledger-sync@acme-ledger-prod.iam.gserviceaccount.com",
                                   "client_id": rnd(21, DIGITS), "token_uri": "https://oauth2.googleapis.com/token"}, indent=2))
    out = s.sh("cat sa.json")
    body = pem_body(pem, "PRIVATE KEY").replace("\n", "\\n")
    write_case("cat-gcp-service-account-json", "cat ~/keys/ledger-sync.json", out, [body],
               ["ledger-sync@acme-ledger-prod.iam.gserviceaccount.com", '"project_id": "acme-ledger-prod"',
                '"token_uri": "https://oauth2.googleapis.com/token"'], G)

    # 7. a terraform state's resources through jq: an IAM access key secret, a DB password, a tls_private_key
    a1, a2 = aws_pair()
    dbp = rnd(24)
    s.sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out tfk.pem 2>/dev/null")
    tfk = (s.work / "tfk.pem").read_text()
    state = {"version": 4, "terraform_version": "1.9.8", "serial": 17, "lineage": (lin := uuid()), "outputs": {},
             "resources": [
                 {"mode": "managed", "type": "aws_iam_access_key", "name": "ci", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                  "instances": [{"schema_version": 0, "attributes": {"id": a1, "secret": a2, "status": "Active", "user": "ci-deployer"}}]},
                 {"mode": "managed", "type": "aws_db_instance", "name": "orders",
                  "instances": [{"attributes": {"identifier": "orders-prod", "username": "orders", "password": dbp,
                                                "engine": "postgres", "engine_version": "16.4"}}]},
                 {"mode": "managed", "type": "tls_private_key", "name": "bastion",
                  "instances": [{"attributes": {"algorithm": "ECDSA", "private_key_pem": tfk,
                                                "public_key_fingerprint_sha256": "SHA256:" + b64u(43)}}]}]}
    s.write("terraform.tfstate", json.dumps(state))
    out = s.sh("jq '.resources[] | {type, name, attributes: .instances[0].attributes}' terraform.tfstate")
    write_case("jq-terraform-state-resources", "jq '.resources[] | {type, name, attributes: .instances[0].attributes}' "
               "terraform.tfstate", out, [a1, a2, dbp, pem_body(tfk, "PRIVATE KEY").replace("\n", "\\n")],
               ['"user": "ci-deployer"', '"identifier": "orders-prod"', '"engine_version": "16.4"', '"algorithm": "ECDSA"'], G)

    # 8. Ansible vars: a private key as an indented YAML block scalar (BEGIN/END indented too); its public key is
    #    not printed (an OpenSSH private body embeds the public key, which may stay)
    s.sh("ssh-keygen -q -t ed25519 -N '' -C deploy@ansible -f ans_key")
    key = (s.work / "ans_key").read_text()
    s.write("group_vars/all.yml", "deploy_user: deploy\ndeploy_ssh_private_key: |\n" + indent(key, "  ")
            + "deploy_ssh_key_type: ed25519\nntp_servers:\n  - 0.pool.ntp.org\n")
    out = s.sh("cat group_vars/all.yml")
    write_case("cat-ansible-vars-indented-key", "cat inventories/prod/group_vars/all.yml", out,
               [indent(pem_body(key, "OPENSSH PRIVATE KEY"), "  ").strip()],
               ["deploy_user: deploy", "deploy_ssh_key_type: ed25519", "- 0.pool.ntp.org"], G)

    # 9. a provisioning script with the key in a tab-indented heredoc (<<-), printed with cat
    s.sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out hd.pem 2>/dev/null")
    hd = (s.work / "hd.pem").read_text()
    s.write("provision.sh", "#!/bin/sh\nset -eu\ninstall_key() {\n\tmkdir -p /etc/ssl/private\n\tcat > /etc/ssl/private/edge.key <<-EOF\n"
            + indent(hd, "\t\t") + "\t\tEOF\n\tchmod 600 /etc/ssl/private/edge.key\n}\ninstall_key\n")
    out = s.sh("cat provision.sh")
    write_case("cat-heredoc-indented-key", "cat scripts/provision.sh", out, [indent(pem_body(hd, "PRIVATE KEY"), "\t\t").strip()],
               ["chmod 600 /etc/ssl/private/edge.key", "install_key", "mkdir -p /etc/ssl/private"], G)

    # 10. a helm values slice: key body lines indented under `tls.key: |`, neither BEGIN nor END in view
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out hv.pem 2>/dev/null")
    hv = (s.work / "hv.pem").read_text()
    values = ("ingress:\n  enabled: true\n  host: ledger.acme.dev\n  tls:\n    secretName: ledger-tls\n    key: |\n"
              + indent(hv, "      ") + "replicaCount: 3\n")
    s.write("values.yaml", values)
    out = s.sh("sed -n '10,24p' values.yaml")
    lines = values.splitlines()[9:24]
    write_case("sed-helm-values-indented-key-slice", "sed -n '10,24p' charts/ledger/values.yaml", out,
               ["\n".join(lines).strip()], [], G)

    # 11. shell history: positional passwords (mysql -p, htpasswd -b, smbclient, sshpass, net use, curl -u,
    #     docker login -p, echo | --password-stdin); prompts without a value stay
    h = [rnd(12), rnd(14), rnd(10) + "!", rnd(13), rnd(12), rnd(15), rnd(16), rnd(14)]
    (s.home / ".bash_history").write_text(
        f"mysql -uroot -p{h[0]} shop\nmysql -u root -p\nhtpasswd -b -c .htpasswd grafana {h[1]}\nhtpasswd .htpasswd viewer\n"
        f"smbclient //nas01/scans {h[2]} -U scanner -W ACME\nsshpass -p '{h[3]}' scp backup.tgz ops@10.0.9.3:/srv\n"
        f"net use Z: \\\\fs01\\projects {h[4]} /user:ACME\\dana /persistent:no\ncurl -fsS -u admin:{h[5]} https://jenkins.acme.dev/api/json\n"
        f"docker login -u acme-bot -p {h[6]} registry.acme.dev\necho '{h[7]}' | docker login ghcr.io -u acme-bot --password-stdin\n"
        "git log --oneline | head\n")
    out = s.sh("cat ~/.bash_history")
    write_case("cat-bash-history-positional-passwords", "cat ~/.bash_history", out, h,
               ["mysql -u root -p\n", "htpasswd .htpasswd viewer", "-U scanner -W ACME", "ops@10.0.9.3:/srv", "/user:ACME\\dana",
                "https://jenkins.acme.dev/api/json", "registry.acme.dev", "git log --oneline | head"], G)

    # 12. a transcript: an INI fragment cat'ed, grep'ed and sed'ed between other commands' output
    i1, i2, i3, i4 = rnd(16), rnd(12), "Kestrel" + rnd(3, DIGITS), rnd(20)
    s.write("deploy/settings.ini", f"[app]\nname = ledger\ndebug = false\n\n[database]\nhost = db01.acme.dev\nport = 5432\nuser = ledger\n"
            f"password = {i1}\n\n[smtp]\nhost = smtp.acme.dev\nuser = noreply\npassword = {i2}\n")
    s.write("deploy/legacy.ini", f"[ldap]\nbind_dn = cn=svc,dc=acme,dc=dev\nbind_password = {i3}\n\n[redis]\nurl = redis://cache01:6379/0\n"
            f"password = {i4}\n")
    s.write("Makefile", "check:\n\t@echo 'ruff: All checks passed!'\n\t@echo '132 passed, 2 skipped in 4.21s'\n")
    script = ("ls deploy", "cat deploy/settings.ini", "grep -A2 '^\\[ldap\\]' deploy/legacy.ini", "sed -n '5,7p' deploy/legacy.ini",
              "make check")
    out = s.sh("; ".join(f"echo '$ {c}'; {c}" for c in script))
    write_case("transcript-ini-fragment-mid-output", "bash -c 'ls deploy; cat deploy/settings.ini; grep …; sed …; make check' "
               "(transcript)", out, [i1, i2, i3, i4],
               ["legacy.ini", "host = db01.acme.dev", "user = noreply", "bind_dn = cn=svc,dc=acme,dc=dev", "redis://cache01:6379/0",
                "132 passed, 2 skipped in 4.21s", "ruff: All checks passed!"], G)

    # 13. prose: word passwords ending in -ed / -ent / -ous, next to sentences where such words describe the password
    w1 = R.choice(["Marooned", "bewildered", "crumpled"])
    w2 = R.choice(["verdant", "Pungent", "serpent"])
    w3 = R.choice(["ludicrous", "Bulbous", "pompous"])
    w4 = R.choice(["tangled", "fermented"])
    s.write("WIKI.md", f"## Lab access\n\nThe lab router password is {w1} (change it after the demo).\n"
            f"Jenkins: user ops, password: {w2}\nThe printer's admin passphrase is {w3}.\n"
            f"Guest wifi: SSID acme-guest, password {w4}\n\n"
            "Note: the password is hashed with argon2 and the password is required on every login.\n"
            "If the password is incorrect three times the account is locked; the password is different per site.\n"
            "Sharing a password is dangerous. The old password was rotated and the password is stored in 1Password.\n")
    out = s.sh("cat WIKI.md")
    write_case("cat-wiki-prose-passwords-adjective-endings", "cat docs/WIKI.md", out, [w1, w2, w3, w4],
               ["the password is hashed with argon2", "the password is required on every login", "the password is incorrect",
                "the password is different per site", "Sharing a password is dangerous", "The old password was rotated",
                "the password is stored in 1Password", "SSID acme-guest", "user ops"], G)

    # 14. a CI log (GitHub-Actions shaped, written by the job's own bash -x): npm/twine/curl with tokens, masked *** stay
    t1, t2, t3 = "npm_" + rnd(36), "pypi-AgEIcHlwaS5vcmc" + b64u(120), "ghs_" + rnd(36)
    run_sha, cache = hexs(40), hexs(64)
    s.write("ci.sh", "npm() { :; }; twine() { echo 'Uploading ledger-2.4.1-py3-none-any.whl'; }; curl() { :; }\n"
            f"echo '##[group]Run actions/checkout@v4'; echo 'HEAD is now at {run_sha[:7]} release 2.4.1'; echo '##[endgroup]'\n"
            f"echo 'Cache restored from key: pip-Linux-{cache}'\necho 'env: NODE_AUTH_TOKEN: ***'\nset -x\n"
            f"npm config set //registry.npmjs.org/:_authToken {t1}\nnpm publish --access public\n"
            f"twine upload -u __token__ -p {t2} dist/*\n"
            f"curl -sf -H 'Authorization: token {t3}' -X POST https://api.github.com/repos/acme/ledger/releases\n"
            "set +x\necho 'Job succeeded'\n")
    out = s.sh("bash ci.sh")
    write_case("ci-log-bash-x-publish-tokens", "bash .github/scripts/release.sh (CI job log)", out, [t1, t2, t3],
               [f"pip-Linux-{cache}", "NODE_AUTH_TOKEN: ***", "Uploading ledger-2.4.1-py3-none-any.whl", "Job succeeded",
                "npm publish --access public", "https://api.github.com/repos/acme/ledger/releases", "-u __token__"], G)

    # 15. a JSON log stream with JWTs in an Authorization header, a cookie and a query string
    j1 = jwt({"sub": "u_1042", "role": "admin", "exp": 1795000000})
    j2 = jwt({"sid": rnd(16), "exp": 1795000000})
    j3 = jwt({"email": "li@acme.dev", "nonce": rnd(12)}, "RS256")
    tr = hexs(32)
    lines = [{"ts": "2026-11-26T05:01:02Z", "level": "debug", "msg": "outgoing request", "trace_id": tr,
              "headers": {"Authorization": f"Bearer {j1}", "Accept": "application/json"}},
             {"ts": "2026-11-26T05:01:03Z", "level": "debug", "msg": "set-cookie", "cookie": f"session={j2}; Path=/; HttpOnly"},
             {"ts": "2026-11-26T05:01:04Z", "level": "info", "msg": "redirect", "location": f"https://app.acme.dev/cb?id_token={j3}&state=xyz"}]
    s.write("app.log", "".join(json.dumps(x) + "\n" for x in lines))
    out = s.sh("grep -h debug app.log; tail -n1 app.log")
    write_case("jsonl-log-jwts-header-cookie-query", "grep -h debug logs/app.log; tail -n1 logs/app.log", out, [j1, j2, j3],
               [tr, '"msg": "outgoing request"', '"Accept": "application/json"', "Path=/; HttpOnly", "state=xyz"], G)

    # 16. .env with lower-case bare names (`auth=`, `credentials=`) and mode words that stay
    v1, v2 = rnd(26), rnd(40, ALNUM + "+/")
    s.write(".env", f"app_env=staging\nauth={v1}\nauth_mode=oauth2\ncredentials={v2}\ncredentials_path=/etc/app/creds.json\n"
            "smtp_auth=login\n")
    out = s.sh("cat .env")
    write_case("cat-env-bare-auth-credentials", "cat .env", out, [v1, v2],
               ["app_env=staging", "auth_mode=oauth2", "credentials_path=/etc/app/creds.json", "smtp_auth=login"], G)

    # 17. ~/.pgpass and pg_service.conf
    pg1, pg2 = rnd(18), rnd(14)
    (s.home / ".pgpass").write_text(f"db01.acme.dev:5432:ledger:ledger:{pg1}\n*:*:*:replicator:{pg2}\n")
    (s.home / ".pg_service.conf").write_text(f"[ledger]\nhost=db01.acme.dev\nport=5432\ndbname=ledger\nuser=ledger\npassword={pg1}\n")
    out = s.sh("cat ~/.pgpass ~/.pg_service.conf")
    write_case("cat-pgpass-pg-service", "cat ~/.pgpass ~/.pg_service.conf", out, [pg1, pg2],
               ["db01.acme.dev:5432:ledger:ledger", "replicator", "dbname=ledger", "[ledger]"], G)


if __name__ == "__main__":
    main()
