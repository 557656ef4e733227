"""Held-out redaction cases, session 8, part 2: config files printed with cat/sed/grep — INI sections with word
passwords (my.cnf, supervisord, grafana, odbc, pgbouncer, .s3cfg), YAML/JSON with bare `auth` / `credentials` word
values (Prometheus authorization, a queue's redis options, a node config), cloud-init user-data, .netrc, .npmrc and
pip.conf, an env dump, prose passwords ending in -en / -ing. Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout5/capture_files.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ALNUM, R, Scratch, b64u, camel, rnd, uuid, write_case  # noqa: E402

G = "heldout-session-8-files"


def main() -> None:  # noqa: PLR0915 - one block per case
    R.seed(8_2)
    s = Scratch("h5files")

    # 1. ~/.my.cnf: a CamelCase word password under [client], another under [mysqldump]
    w1, w2 = camel(2), camel(2)
    s.write("my.cnf", f"[client]\nuser = reporting\npassword = {w1}\nhost = db-replica.acme.internal\nport = 3306\n\n"
            f"[mysqldump]\nuser = backup\npassword={w2}\nsingle-transaction\n")
    out = s.sh("cat my.cnf")
    write_case("cat-my-cnf-word-passwords", "cat ~/.my.cnf", out, [w1, w2],
               ["user = reporting", "host = db-replica.acme.internal", "[mysqldump]", "single-transaction", "user = backup"], G)

    # 2. supervisord.conf: the http server's password under [inet_http_server], in a larger file
    w3 = camel(2)
    s.write("supervisord.conf", "[unix_http_server]\nfile=/run/supervisor.sock\nchmod=0700\n\n[inet_http_server]\nport=127.0.0.1:9001\n"
            f"username=ops\npassword={w3}\n\n[supervisord]\nlogfile=/var/log/supervisor/supervisord.log\npidfile=/run/supervisord.pid\n\n"
            "[program:worker]\ncommand=/srv/app/.venv/bin/python -m worker --queue default\nautorestart=true\n")
    out = s.sh("cat supervisord.conf")
    write_case("cat-supervisord-inet-http-password", "cat /etc/supervisor/supervisord.conf", out, [w3],
               ["port=127.0.0.1:9001", "username=ops", "command=/srv/app/.venv/bin/python -m worker --queue default",
                "autorestart=true"], G)

    # 3. grafana.ini slice: admin password and secret key as words; the section's other settings stay
    w4, w5 = camel(2), camel(3)
    s.write("grafana.ini", "[server]\nhttp_port = 3000\ndomain = grafana.acme.dev\n\n[security]\nadmin_user = admin\n"
            f"admin_password = {w4}\nsecret_key = {w5}\ncookie_secure = true\ncookie_samesite = lax\n\n[auth.anonymous]\nenabled = false\n")
    out = s.sh("sed -n '5,12p' grafana.ini")
    write_case("sed-grafana-ini-security", "sed -n '5,12p' /etc/grafana/grafana.ini", out, [w4, w5],
               ["admin_user = admin", "cookie_secure = true", "cookie_samesite = lax"], G)

    # 4. odbc.ini: PWD under a DSN section (ODBC's own upper-case key names)
    w6 = camel(2) + str(R.randint(1, 9))
    s.write("odbc.ini", f"[ReportingDSN]\nDriver = ODBC Driver 18 for SQL Server\nServer = tcp:sql01.acme.internal,1433\nDatabase = reports\n"
            f"UID = report_reader\nPWD = {w6}\nEncrypt = yes\nTrustServerCertificate = no\n")
    out = s.sh("cat odbc.ini")
    write_case("cat-odbc-ini-pwd", "cat /etc/odbc.ini", out, [w6],
               ["Driver = ODBC Driver 18 for SQL Server", "UID = report_reader", "Server = tcp:sql01.acme.internal,1433",
                "TrustServerCertificate = no"], G)

    # 5. pgbouncer.ini: a password inside a [databases] connection string, auth settings that stay
    w7 = camel(2)
    s.write("pgbouncer.ini", f"[databases]\norders = host=10.0.3.7 port=5432 dbname=orders user=orders_app password={w7}\n\n"
            "[pgbouncer]\nlisten_port = 6432\nauth_type = scram-sha-256\nauth_file = /etc/pgbouncer/userlist.txt\npool_mode = transaction\n")
    out = s.sh("cat pgbouncer.ini")
    write_case("cat-pgbouncer-ini", "cat /etc/pgbouncer/pgbouncer.ini", out, [w7],
               ["auth_type = scram-sha-256", "auth_file = /etc/pgbouncer/userlist.txt", "pool_mode = transaction", "user=orders_app",
                "host=10.0.3.7"], G)

    # 6. Prometheus scrape config: `credentials:` under authorization (a word token and a random one), basic_auth
    c1, c2, c3 = camel(3), rnd(40, ALNUM), camel(2) + str(R.randint(10, 99))
    s.write("prometheus.yml", "global:\n  scrape_interval: 30s\nscrape_configs:\n  - job_name: ledger\n    authorization:\n      type: Bearer\n"
            f"      credentials: {c1}\n    static_configs:\n      - targets: ['ledger:9100']\n  - job_name: billing\n    authorization:\n"
            f"      credentials: {c2}\n  - job_name: legacy\n    basic_auth:\n      username: prom\n      password: {c3}\n"
            "  - job_name: vault\n    authorization:\n      credentials_file: /etc/prometheus/vault-token\n")
    out = s.sh("cat prometheus.yml")
    write_case("cat-prometheus-authorization-credentials", "cat /etc/prometheus/prometheus.yml", out, [c1, c2, c3],
               ["type: Bearer", "credentials_file: /etc/prometheus/vault-token", "username: prom", "targets: ['ledger:9100']",
                "scrape_interval: 30s"], G)

    # 7. a queue's settings printed by node: redis `auth` holding a word password, fetch credentials mode that stays
    a1 = camel(3)
    s.write("cfg.js", "const cfg = {queue: {redis: {host: 'cache01.acme.internal', port: 6380, auth: process.argv[2], tls: true}},\n"
            "  http: {credentials: 'include', mode: 'cors'}, retries: 5};\nconsole.log(cfg);\n")
    out = s.sh(f"node cfg.js '{a1}'")
    write_case("node-print-bare-auth-word", "node scripts/print-config.js", out, [a1],
               ["host: 'cache01.acme.internal'", "credentials: 'include'", "mode: 'cors'", "retries: 5"], G)

    # 8. a .env dump through grep: bare AUTH / CREDENTIALS names with word values, mode names that stay
    a2, a3 = camel(3), camel(2) + str(R.randint(100, 999))
    s.write(".env", f"APP_ENV=production\nAUTH={a2}\nAUTH_MODE=oidc\nCREDENTIALS={a3}\nCREDENTIALS_PROVIDER=env\n"
            "AUTH_ISSUER=https://id.acme.dev\n")
    out = s.sh("grep -E '^(AUTH|CRED|APP)' .env")
    write_case("grep-env-bare-auth-credentials-words", "grep -E '^(AUTH|CRED|APP)' .env", out, [a2, a3],
               ["AUTH_MODE=oidc", "CREDENTIALS_PROVIDER=env", "AUTH_ISSUER=https://id.acme.dev", "APP_ENV=production"], G)

    # 9. YAML with bare `auth:` / `credentials:` word values (a mail relay and a backup job)
    a4, a5 = camel(3), camel(3)
    s.write("relay.yaml", f"relay:\n  host: smtp.acme.dev\n  port: 587\n  starttls: true\n  user: relay@acme.dev\n  auth: {a4}\n"
            f"backup:\n  repository: s3:s3.eu-west-1.amazonaws.com/acme-backup\n  credentials: {a5}\n  schedule: '0 3 * * *'\n")
    out = s.sh("cat relay.yaml")
    write_case("cat-yaml-bare-auth-credentials-words", "cat deploy/relay.yaml", out, [a4, a5],
               ["host: smtp.acme.dev", "user: relay@acme.dev", "schedule: '0 3 * * *'", "starttls: true"], G)

    # 10. cloud-init user-data: a crypt hash under passwd, plain-text passwords in chpasswd's list, ssh settings stay
    cp1, cp2, cp3 = camel(2) + str(R.randint(10, 99)), rnd(14), camel(3)
    hsh = s.sh(f"openssl passwd -6 -salt {rnd(16)} '{rnd(12)}'").strip()
    s.write("user-data", f"#cloud-config\nusers:\n  - name: ops\n    groups: [sudo]\n    shell: /bin/bash\n    passwd: {hsh}\n"
            f"    lock_passwd: false\n    plain_text_passwd: {cp3}\nchpasswd:\n  expire: false\n  list: |\n    root:{cp1}\n    ubuntu:{cp2}\n"
            "ssh_pwauth: true\n")
    out = s.sh("cat user-data")
    write_case("cat-cloud-init-user-data", "cat /var/lib/cloud/instance/user-data.txt", out, [hsh.split("$")[-1], cp1, cp2, cp3],
               ["name: ops", "lock_passwd: false", "ssh_pwauth: true", "expire: false", "shell: /bin/bash"], G)

    # 11. .netrc with word passwords, .npmrc with an auth token and a base64 _auth, pip.conf with a token URL
    n1, n2 = camel(2) + "!", camel(3)
    npt, pyt = "npm_" + rnd(36), rnd(32, ALNUM)
    s.write(".netrc", f"machine ftp.acme.dev\n  login uploader\n  password {n1}\n\nmachine git.acme.dev login ci password {n2}\n")
    s.write(".npmrc", f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={npt}\n@acme:registry=https://npm.acme.dev/\n")
    s.write("pip.conf", f"[global]\nindex-url = https://ci:{pyt}@pypi.acme.dev/simple/\ntimeout = 60\n")
    out = s.sh("for f in .netrc .npmrc pip.conf; do echo \"==> $f <==\"; cat $f; done")
    write_case("cat-netrc-npmrc-pipconf", "for f in ~/.netrc ~/.npmrc ~/.config/pip/pip.conf; do echo \"==> $f <==\"; cat $f; done",
               out, [n1, n2, npt, pyt], ["machine ftp.acme.dev", "login uploader", "@acme:registry=https://npm.acme.dev/",
                                         "pypi.acme.dev/simple/", "timeout = 60"], G)

    # 12. prose: passwords said in a chat export and a wiki page, words ending in -en and -ing
    pw = ["dumpling", "bracken", "saffronkitten", "whistling", "goldenwing"]
    s.write("notes.md", f"# Office notes\nThe guest wifi password is {pw[0]} (it rotates on Mondays).\n"
            f"For the lab printer the passphrase is {pw[1]}.\nkiosk login: the password is {pw[2]}\n"
            f"Reminder: the shared VNC password is {pw[3]}, do not post it in #general.\n"
            f"Old staging box password is {pw[4]} until it is decommissioned.\n")
    out = s.sh("cat notes.md")
    write_case("cat-notes-prose-passwords-en-ing", "cat docs/office-notes.md", out, pw,
               ["# Office notes", "it rotates on Mondays", "do not post it in #general", "until it is decommissioned"], G)

    # 13. .s3cfg: access/secret keys and a gpg passphrase word under [default]
    ak, sk, gp = "AKIA" + rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), rnd(40, ALNUM + "+/"), camel(3)
    s.write(".s3cfg", f"[default]\naccess_key = {ak}\nsecret_key = {sk}\nhost_base = s3.eu-west-1.amazonaws.com\ngpg_command = /usr/bin/gpg\n"
            f"gpg_passphrase = {gp}\nuse_https = True\nsignature_v2 = False\n")
    out = s.sh("cat .s3cfg")
    write_case("cat-s3cfg-default-section", "cat ~/.s3cfg", out, [ak, sk, gp],
               ["host_base = s3.eu-west-1.amazonaws.com", "gpg_command = /usr/bin/gpg", "use_https = True", "signature_v2 = False"], G)

    # 14. a JSON settings file printed with jq: `auth` and `credentials` objects and strings
    jt, ja = rnd(32, ALNUM), camel(3)
    s.write("settings.json", json.dumps({"service": "ledger", "upstream": {"url": "https://api.acme.dev", "auth": ja,
                                         "auth_scheme": "Basic"}, "storage": {"credentials": jt, "bucket": "ledger-prod"},
                                         "cors": {"credentials": "same-origin"}, "request_id": uuid()}))
    out = s.sh("jq . settings.json")
    write_case("jq-settings-auth-credentials-strings", "jq . config/settings.json", out, [ja, jt],
               ['"auth_scheme": "Basic"', '"bucket": "ledger-prod"', '"credentials": "same-origin"', '"service": "ledger"'], G)

    # 15. a Jenkins-style console log: vncpasswd fed by a here-string and useradd -p in `sh` steps echoed with +
    vp, up = rnd(10), camel(2) + str(R.randint(10, 99))
    s.write("Jenkinsfile.log", "[Pipeline] sh\n+ mkdir -p /home/ci/.vnc\n[Pipeline] sh\n"
            f"+ vncpasswd -f <<< '{vp}' > /home/ci/.vnc/passwd\n[Pipeline] sh\n+ useradd -m -p \"$(openssl passwd -6 {up})\" qa\n"
            "[Pipeline] sh\n+ vncserver :1 -geometry 1920x1080\nNew 'ci-runner:1 (ci)' desktop at :1 on machine ci-runner\n"
            f"[Pipeline] }}\nFinished: SUCCESS\nBuild id {b64u(11)}\n")
    out = s.sh("cat Jenkinsfile.log")
    write_case("ci-log-vncpasswd-useradd", "curl -s $JENKINS_URL/job/ui-tests/42/consoleText", out, [vp, up],
               ["+ mkdir -p /home/ci/.vnc", "/home/ci/.vnc/passwd", "vncserver :1 -geometry 1920x1080", "Finished: SUCCESS", " qa\n"], G)


if __name__ == "__main__":
    main()
