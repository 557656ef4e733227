"""Held-out redaction cases, session 11, part 2: secrets on the wire and in logs — curl --trace-ascii cutting a form body
into 64-byte rows, wget -d echoing its options, curl's cookie jar, a proxy's Basic auth, vendor keys in custom headers
beside ETags and request ids, requests' connection errors with keys in URLs, JSON logs with escaped JSON bodies, a service
account key escaped twice, pprint and rich splitting values across lines, bash's $'…' quoting, ps and /proc environ, bash -x
of tools taking passwords as flags, Rust's {:#?}, node's fetch refusing a URL with credentials, notification vendors'
keys, connection URLs with encoded or odd passwords, a TOTP URI, an Azure SAS URL.
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout8/capture_wire.py (needs /tmp/h8venv, see common.py)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (  # noqa: E402
    ALNUM, DIGITS, SDK_PY, R, Scratch, anthropic_key, b64, body_lines, camel, discord_webhook, ghp, hexs, jwt, openai_key,
    password, rnd, sendgrid_key, serve, slack_bot, twilio_token, uuid, vault_token, visible_pieces, write_case,
)

G = "heldout-session-11-wire"


def port_of(srv) -> str:
    return str(srv.server_port)


def http(s: Scratch) -> None:
    # 1. curl --trace-ascii: the form body in 64-byte rows, a secret cut across two of them
    srv = serve()
    cs, ak = rnd(70, ALNUM + "-_"), hexs(32)
    out = s.sh(f"curl -s --trace-ascii - -H 'x-api-key: {ak}' -d 'grant_type=client_credentials&client_id=reports-job&"
               f"client_secret={cs}&scope=read:orders' http://127.0.0.1:{port_of(srv)}/oauth/token")
    out = out.replace(port_of(srv), "8080")
    srv.shutdown()
    write_case("curl-trace-ascii-form-client-secret", "curl -s --trace-ascii - -H 'x-api-key: …' -d @form "
               "http://127.0.0.1:8080/oauth/token", out, visible_pieces(cs, out) + [ak],
               ["POST /oauth/token HTTP/1.1", "grant_type=client_credentials&client_id=reports-job", "=> Send data, ",
                "Content-Type: application/x-www-form-urlencoded"], G)

    # 2. wget -d: its option echo and the request it sends
    srv = serve()
    bt, wp = jwt({"sub": "backup-bot", "scope": "artifacts:read", "n": rnd(8)}), password()
    out = s.sh(f"wget -d -q -O /dev/null --user=backup --password='{wp}' --header='Authorization: Bearer {bt}' "
               f"http://127.0.0.1:{port_of(srv)}/artifacts/latest.tar.gz 2>&1").replace(port_of(srv), "8080")
    srv.shutdown()
    write_case("wget-debug-password-bearer", "wget -d -q -O /dev/null --user=backup --password=… --header=… "
               "http://127.0.0.1:8080/artifacts/latest.tar.gz", out, [wp, bt],
               ["Setting --user (user) to backup", "---request begin---", "GET /artifacts/latest.tar.gz HTTP/1.1", "HTTP/1.1 200 OK"], G)

    # 3. curl's cookie jar (Netscape format: tab-separated, the value in the last column)
    sid, rem = rnd(32, "0123456789abcdef"), rnd(64, ALNUM)
    srv = serve([("Set-Cookie", f"sessionid={sid}; Path=/; HttpOnly"), ("Set-Cookie", f"remember_token={rem}; Path=/; Max-Age=2592000"),
                 ("Set-Cookie", "theme=dark; Path=/")])
    out = s.sh(f"curl -s -c jar.txt http://127.0.0.1:{port_of(srv)}/login >/dev/null && cat jar.txt").replace(port_of(srv), "8080")
    srv.shutdown()
    write_case("cat-curl-cookie-jar", "curl -s -c jar.txt http://127.0.0.1:8080/login >/dev/null && cat jar.txt", out,
               [sid, rem], ["# Netscape HTTP Cookie File", "theme\tdark", "#HttpOnly_127.0.0.1"], G)

    # 4. curl -v through a proxy with credentials
    srv = serve()
    pu, pp = "svc-build", password()
    out = s.sh(f"curl -sv -x 'http://{pu}:{pp}@127.0.0.1:{port_of(srv)}' http://artifacts.acme.internal/health 2>&1").replace(port_of(srv), "3128")
    srv.shutdown()
    write_case("curl-v-proxy-basic-auth", "curl -sv -x http://svc-build:…@127.0.0.1:3128 http://artifacts.acme.internal/health",
               out, [b64(f"{pu}:{pp}")], ["Proxy auth using Basic with user 'svc-build'", "GET http://artifacts.acme.internal/health HTTP/1.1",
                                              "HTTP/1.1 200 OK"], G)

    # 5. vendor keys in custom headers (hex and UUID shaped) beside an ETag and a request id that are not secrets
    etag, rid = hexs(32), uuid()
    srv = serve([("ETag", f'"{etag}"'), ("X-Request-Id", rid), ("X-Trace-Id", hexs(32))])
    k1, k2, k3, k4 = hexs(32), hexs(32), hexs(32), uuid()
    out = s.sh(f"curl -sv -H 'api-key: {k1}' -H 'Ocp-Apim-Subscription-Key: {k2}' -H 'DD-API-KEY: {k3}' "
               f"-H 'Authorization: Splunk {k4}' http://127.0.0.1:{port_of(srv)}/openai/deployments/gpt4o/chat 2>&1").replace(port_of(srv), "8080")
    srv.shutdown()
    write_case("curl-v-hex-uuid-vendor-key-headers", "curl -sv -H 'api-key: …' -H 'Ocp-Apim-Subscription-Key: …' -H "
               "'DD-API-KEY: …' -H 'Authorization: Splunk …' http://127.0.0.1:8080/openai/deployments/gpt4o/chat", out,
               [k1, k2, k3, k4], [etag, rid, "GET /openai/deployments/gpt4o/chat HTTP/1.1", "Content-Type: application/json"], G)

    # 6. requests: a connection error names the URL with its key in the query
    qk, at = "AIza" + rnd(35, ALNUM + "-_"), rnd(40)
    s.write("geo.py", "import requests\n"
            f"requests.get('http://127.0.0.1:1/maps/api/geocode/json?address=Berlin&key={qk}', timeout=2)\n")
    out = s.sh(f"{sys.executable} geo.py 2>&1 | tail -n 4")
    s.write("feed.py", "import requests\ntry:\n"
            f"    requests.get('http://127.0.0.1:1/v2/feed', params={{'access_token': '{at}', 'limit': 50}}, timeout=2)\n"
            "except requests.ConnectionError as e:\n    print('feed sync failed:', e)\n")
    out += s.sh(f"{sys.executable} feed.py")
    write_case("requests-connection-error-url-keys", "python3 geo.py 2>&1 | tail -n 4; python3 feed.py", out, [qk, at],
               ["Max retries exceeded with url", "address=Berlin", "limit=50", "feed sync failed", "Connection refused"], G)

    # 7. webhooks: posting to Discord and Slack fails offline, the log names both URLs
    dw, sw = discord_webhook(), f"https://hooks.slack.com/services/T{rnd(8, DIGITS + 'ABCDEFGHIJ')}/B{rnd(10, DIGITS + 'ABCDEFGHIJ')}/{rnd(24)}"
    s.write("notify.py", "import logging, requests, sys\nlogging.basicConfig(stream=sys.stdout, level=logging.INFO, "
            "format='%(levelname)s %(name)s: %(message)s')\nlog = logging.getLogger('notify')\n"
            f"for url in ({dw!r}, {sw!r}):\n    log.info('posting deploy notice to %s', url)\n"
            "    try:\n        requests.post(url, json={'content': 'deploy 4711 done'}, timeout=3)\n"
            "    except requests.RequestException as e:\n        log.error('webhook failed: %s', e)\n")
    out = s.sh(f"{sys.executable} notify.py")
    write_case("python-log-discord-slack-webhooks", "python3 notify.py", out, [dw.rsplit("/", 1)[1], sw.rsplit("/", 1)[1]],
               ["posting deploy notice to", "webhook failed", "discord.com", "hooks.slack.com"], G)

    # 8. requests' session cookies printed while debugging a login
    srv = serve([("Set-Cookie", f"sessionid={(c1 := rnd(40, ALNUM))}; Path=/; HttpOnly"), ("Set-Cookie", f"csrftoken={rnd(32)}; Path=/"),
                 ("Set-Cookie", "lang=en; Path=/")])
    s.write("login.py", "import requests, sys\ns = requests.Session()\nr = s.post(sys.argv[1], data={'u': 'ops'})\n"
            "print(r.status_code, s.cookies)\nprint(s.cookies.get_dict())\n")
    out = s.sh(f"{sys.executable} login.py http://127.0.0.1:{port_of(srv)}/accounts/login/").replace(port_of(srv), "8080")
    srv.shutdown()
    write_case("requests-session-cookie-jar-repr", "python3 login.py http://127.0.0.1:8080/accounts/login/", out, [c1],
               ["RequestsCookieJar", "'lang': 'en'", "200 "], G)


def logs(s: Scratch) -> None:
    # 9. a JSON log whose fields hold JSON strings (escaped quotes)
    pw, cs, tok = password(), rnd(40, ALNUM + "-_"), openai_key()
    s.write("api.py", "import json, logging, sys\nlogging.basicConfig(stream=sys.stdout, format='%(message)s', level=logging.DEBUG)\n"
            "def rec(**kw):\n    logging.debug(json.dumps({'ts': '2026-11-26T18:02:11Z', 'level': 'debug', **kw}))\n"
            f"rec(msg='incoming request', path='/v1/login', body=json.dumps({{'username': 'ops@acme.dev', 'password': {pw!r}, 'remember': True}}))\n"
            f"rec(msg='token exchange', body=json.dumps({{'client_id': 'web', 'client_secret': {cs!r}, 'grant_type': 'authorization_code'}}))\n"
            f"rec(msg='upstream call', headers=json.dumps({{'Authorization': 'Bearer {tok}', 'OpenAI-Organization': 'org-acme'}}))\n"
            "rec(msg='done', status=200, duration_ms=41)\n")
    out = s.sh(f"{sys.executable} api.py")
    write_case("json-log-escaped-json-bodies", "python3 -m acme.api 2>&1 | head", out, [pw, cs, tok],
               ['\\"username\\": \\"ops@acme.dev\\"', "authorization_code", "org-acme", '"duration_ms": 41', "/v1/login"], G)

    # 10. node logging a service account JSON as a string inside JSON: the key's newlines become \\n
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.pem 2>/dev/null")
    pem = (s.work / "sa.pem").read_text()
    sa = {"type": "service_account", "project_id": "acme-prod", "private_key_id": hexs(40), "private_key": pem,
          "client_email": "exporter@acme-prod.iam.gserviceaccount.com", "client_id": rnd(21, DIGITS)}
    s.write("sa.json", json.dumps(sa, indent=2))
    s.write("boot.js", "const fs = require('fs');\nconst sa = fs.readFileSync('sa.json', 'utf8');\n"
            "console.log(JSON.stringify({level: 'info', msg: 'loaded credentials', source: 'GOOGLE_CREDENTIALS', raw: JSON.stringify(JSON.parse(sa))}));\n"
            "console.log(JSON.stringify({level: 'info', msg: 'listening', port: 8080}));\n")
    out = s.sh("node boot.js")
    lines = body_lines(pem)
    write_case("node-json-log-service-account-escaped-twice", "node boot.js", out, lines[3:-3:4],
               ["loaded credentials", "exporter@acme-prod.iam.gserviceaccount.com", "listening", '"port":8080'], G)

    # 11. pprint of settings: a PEM string becomes one quoted literal per line
    s.sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out jwt.pem 2>/dev/null")
    ec = (s.work / "jwt.pem").read_text()
    wh = "whsec_" + rnd(32)
    s.write("settings_dump.py", "import pprint\n"
            f"pprint.pprint({{'DEBUG': False, 'ALLOWED_HOSTS': ['api.acme.dev'], 'JWT_ALGORITHM': 'ES384', 'JWT_PRIVATE_KEY': {ec!r}, "
            f"'STRIPE_WEBHOOK_SECRET': {wh!r}, 'TIME_ZONE': 'UTC'}})\n")
    out = s.sh(f"{sys.executable} settings_dump.py")
    write_case("python-pprint-settings-pem-literals", "python3 manage.py shell -c 'pprint(settings)'", out, body_lines(ec) + [wh],
               ["'ALLOWED_HOSTS': \\['api.acme.dev'\\]", "'JWT_ALGORITHM': 'ES384'", "'TIME_ZONE': 'UTC'"], G, literal=False)

    # 12. rich: a table too narrow for its tokens folds them across rows
    t1, t2 = ghp(), anthropic_key()
    s.write("keys.py", "from rich.console import Console\nfrom rich.table import Table\nt = Table(title='API keys')\n"
            "for c in ('name', 'key', 'created'):\n    t.add_column(c, overflow='fold')\n"
            f"t.add_row('github-ci', {t1!r}, '2026-11-02')\nt.add_row('claude-batch', {t2!r}, '2026-11-20')\n"
            "Console(width=60, color_system=None).print(t)\n")
    out = s.sh(f"{SDK_PY} keys.py")
    write_case("rich-table-folded-tokens", "python3 -m acme.keys list", out, visible_pieces(t1, out) + visible_pieces(t2, out),
               ["API keys", "github-ci", "claude-batch", "2026-11-20"], G)

    # 13. bash's declare -p quotes a multi-line value as $'…\n…'
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -traditional -out app.pem 2>/dev/null || "
         "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out app.pem")
    ap = (s.work / "app.pem").read_text()
    nt = "npm_" + rnd(36)
    env = {**s.env, "GITHUB_APP_ID": "412233", "GITHUB_APP_PRIVATE_KEY": ap, "NPM_TOKEN": nt, "NODE_ENV": "production"}
    out = s.sh("declare -px | grep -E ' (GITHUB_APP|NPM|NODE)_'", env=env)
    write_case("bash-declare-px-multiline-key", "declare -px | grep -E ' (GITHUB_APP|NPM|NODE)_'", out, body_lines(ap)[2:-2:3] + [nt],
               ['declare -x GITHUB_APP_ID="412233"', 'declare -x NODE_ENV="production"'], G)

    # 14. a .env with a key on one line (\n escapes inside double quotes), grep'd
    s.sh("openssl genpkey -algorithm ed25519 -out sign.pem 2>/dev/null")
    ed = (s.work / "sign.pem").read_text()
    s.write(".env", "APP_URL=https://app.acme.dev\nJWT_ISSUER=https://auth.acme.dev\nJWT_PRIVATE_KEY=\"" + ed.replace("\n", "\\n")
            + "\"\nJWT_PUBLIC_KEY_PATH=/etc/acme/jwt.pub\nJWT_TTL=900\n")
    out = s.sh("grep -n JWT_ .env")
    write_case("grep-env-escaped-newline-private-key", "grep -n JWT_ .env", out, [body_lines(ed)[0][16:]],
               ["JWT_ISSUER=https://auth.acme.dev", "JWT_PUBLIC_KEY_PATH=/etc/acme/jwt.pub", "JWT_TTL=900", "BEGIN PRIVATE KEY"], G)


def processes(s: Scratch) -> None:
    # 15. ps shows the command lines of a JVM and a redis started with passwords
    jp, rp, kp = password(), rnd(32), password()
    procs = [subprocess.Popen(["bash", "-c", f'exec -a "{argv}" sleep 20'], env=s.env) for argv in (
        f"java -Xmx512m -Dspring.datasource.password={jp} -Djavax.net.ssl.keyStorePassword={kp} -jar orders.jar",
        f"redis-server *:6379 --requirepass {rp} --maxmemory 256mb")]
    time.sleep(0.5)
    out = s.sh("ps -eo args | grep -E '^(java|redis-server)' | grep -v grep")
    for p in procs:
        p.kill()
    write_case("ps-args-jvm-redis-passwords", "ps -eo args | grep -E '^(java|redis-server)'", out, [jp, kp, rp],
               ["-Xmx512m", "-jar orders.jar", "--maxmemory 256mb", "redis-server \\*:6379"], G, literal=False)

    # 16. a worker's environment read from /proc
    du, st = password(), "rk_live_51" + rnd(60)
    env = {**s.env, "DATABASE_URL": f"postgresql://worker:{du}@pg.acme.internal:5432/jobs", "STRIPE_RESTRICTED_KEY": st,
           "QUEUE": "billing", "CONCURRENCY": "4"}
    p = subprocess.Popen(["sleep", "20"], env=env)
    time.sleep(0.3)
    out = s.sh(f"tr '\\0' '\\n' < /proc/{p.pid}/environ | sort").replace(str(p.pid), "4242")
    p.kill()
    write_case("proc-environ-worker", "tr '\\0' '\\n' < /proc/4242/environ | sort", out, [du, st],
               ["QUEUE=billing", "CONCURRENCY=4", "pg.acme.internal:5432/jobs", "LANG=C.UTF-8"], G)

    # 17. bash -x of tools that take passwords as flags or in user%pass / user/pass@ forms
    p1, p2, p3, p4, p5 = password(), password(), password(), password(), password()
    s.write("nightly.sh", "set -x\n"
            f"openssl req -x509 -newkey rsa:2048 -keyout /tmp/x.key -out /tmp/x.crt -days 1 -subj /CN=x -passout 'pass:{p1}' 2>/dev/null\n"
            f"openssl pkcs12 -export -in /tmp/x.crt -inkey /tmp/x.key -passin 'pass:{p1}' -passout pass:{p2} -out /tmp/x.p12\n"
            f"mysql -h 127.0.0.1 -P 1 -u backup -p'{p3}' -e 'select 1' 2>&1 | head -n 1\n"
            f"smbclient //files.acme.internal/backups -U 'svc_backup%{p4}' -c 'ls' || true\n"
            f"sqlplus -s 'reports/{p5}@//ora.acme.internal:1521/REPORTS' @nightly.sql || true\n"
            "echo nightly done\n")
    out = s.sh("bash nightly.sh 2>&1")
    write_case("bash-x-password-flags-openssl-mysql-smb-sqlplus", "bash -x nightly.sh", out, [p1, p2, p3, p4, p5],
               ["nightly done", "//files.acme.internal/backups", "ora.acme.internal:1521/REPORTS", "-u backup", "command not found"], G)


def runtimes(s: Scratch) -> None:
    # 18. Rust's pretty Debug of a config struct
    ak, dp, sw = anthropic_key(), password(), slack_bot()
    s.write("cfg.rs", "#[derive(Debug)]\n#[allow(dead_code)]\nstruct Db { url: String, pool: u32 }\n#[derive(Debug)]\n#[allow(dead_code)]\n"
            "struct Config { name: &'static str, anthropic_api_key: String, slack_token: String, db: Db, retries: u8 }\n"
            f"fn main() {{ let c = Config {{ name: \"summarizer\", anthropic_api_key: \"{ak}\".into(), slack_token: \"{sw}\".into(), "
            f"db: Db {{ url: \"postgres://summ:{dp}@pg.acme.internal/summ\".into(), pool: 8 }}, retries: 3 }};\n"
            "println!(\"loaded config: {:#?}\", c); }\n")
    rust_env = {**s.env, "RUSTUP_HOME": str(Path.home() / ".rustup"), "CARGO_HOME": str(Path.home() / ".cargo")}
    out = s.sh("rustc -O -o cfg cfg.rs 2>&1 && ./cfg", env=rust_env)
    write_case("rust-debug-pretty-config", "cargo run --release -- --print-config", out, [ak, dp, sw],
               ["loaded config: Config {", 'name: "summarizer"', "pool: 8", "retries: 3", "pg.acme.internal/summ"], G)

    # 19. node's fetch refuses a URL with credentials and quotes it
    np = camel(2) + rnd(6, DIGITS)
    s.write("sync.mjs", f"const r = await fetch('https://sync-bot:{np}@api.acme.dev/v1/sync?full=1');\nconsole.log(r.status);\n")
    out = s.sh("node sync.mjs 2>&1").replace(str(s.work), "/srv/sync")
    write_case("node-fetch-url-with-credentials-error", "node sync.mjs", out, [np],
               ["TypeError: Request cannot be constructed from a URL that includes credentials", "api.acme.dev/v1/sync", "Node.js v"], G)

    # 20. notification vendors' keys in printenv, beside ids that are not secret
    sid = "AC" + hexs(32)
    env = {**s.env, "TWILIO_ACCOUNT_SID": sid, "TWILIO_AUTH_TOKEN": twilio_token(), "TWILIO_FROM": "+15005550006",
           "SENDGRID_API_KEY": sendgrid_key(), "MAILGUN_API_KEY": "key-" + hexs(32), "MAILGUN_DOMAIN": "mg.acme.dev",
           "TELEGRAM_BOT_TOKEN": f"{rnd(10, DIGITS)}:AA{rnd(33, ALNUM + '-_')}", "DATADOG_API_KEY": hexs(32),
           "VAULT_TOKEN": vault_token(), "VAULT_ADDR": "https://vault.acme.internal:8200", "PAGERDUTY_SERVICE_ID": "P" + rnd(6, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")}
    out = s.sh("printenv | grep -E '^(TWILIO|SENDGRID|MAILGUN|TELEGRAM|DATADOG|VAULT|PAGERDUTY)_' | sort", env=env)
    write_case("printenv-notification-vendor-keys", "printenv | grep -E '^(TWILIO|SENDGRID|MAILGUN|TELEGRAM|DATADOG|VAULT|PAGERDUTY)_' | sort",
               out, [env[k] for k in ("TWILIO_AUTH_TOKEN", "SENDGRID_API_KEY", "MAILGUN_API_KEY", "TELEGRAM_BOT_TOKEN", "DATADOG_API_KEY", "VAULT_TOKEN")],
               [sid, "TWILIO_FROM=+15005550006", "MAILGUN_DOMAIN=mg.acme.dev", "VAULT_ADDR=https://vault.acme.internal:8200",
                env["PAGERDUTY_SERVICE_ID"]], G)

    # 21. connection URLs with percent-encoded, '@'-holding and query-string passwords; a Go MySQL DSN
    p1, p2, p3, p4, p5, p6 = (password() + "@/:", password() + "@x", rnd(20), password(), rnd(24), password())
    urls = [f"postgresql://orders:{urllib.parse.quote(p1, safe='')}@pg.acme.internal:5432/orders",
            f"mongodb://events:{p2}@mongo-0.acme.internal:27017,mongo-1.acme.internal:27017/events?replicaSet=rs0",
            f"rediss://:{p3}@cache.acme.internal:6380/2", f"amqp://jobs:{p4}@rabbit.acme.internal:5672/%2F",
            f"postgresql://analytics@pg-ro.acme.internal/warehouse?sslmode=require&password={p5}",
            f"billing:{p6}@tcp(mysql.acme.internal:3306)/billing?parseTime=true"]
    s.write("conns.py", "import logging, sys\nlogging.basicConfig(stream=sys.stdout, level=logging.INFO, format='%(asctime)s %(levelname)s %(message)s')\n"
            f"for name, url in zip(['orders', 'events', 'cache', 'jobs', 'warehouse', 'billing'], {urls!r}):\n"
            "    logging.info('datasource %s -> %s', name, url)\n")
    out = s.sh(f"{sys.executable} conns.py")
    write_case("python-log-odd-connection-urls", "python3 -m acme.datasources --list", out,
               [urllib.parse.quote(p1, safe=""), p2, p3, p4, p5, p6],
               ["pg.acme.internal:5432/orders", "replicaSet=rs0", "cache.acme.internal:6380/2", "rabbit.acme.internal:5672/%2F",
                "sslmode=require", "tcp\\(mysql.acme.internal:3306\\)/billing\\?parseTime=true"], G, literal=False)

    # 22. a TOTP enrolment URI (pyotp)
    s.write("enrol.py", "import pyotp\nsecret = pyotp.random_base32()\n"
            "print('scan this in your authenticator:')\nprint(pyotp.TOTP(secret).provisioning_uri(name='ops@acme.dev', issuer_name='Acme VPN'))\n"
            "print('or type the key:', secret)\n")
    out = s.sh(f"{SDK_PY} enrol.py")
    sec = out.rsplit("or type the key: ", 1)[1].strip()
    write_case("pyotp-totp-provisioning-uri", "python3 enrol.py", out, [sec],
               ["otpauth://totp/Acme%20VPN:ops%40acme.dev", "issuer=Acme%20VPN", "scan this in your authenticator"], G)

    # 23. Azure: a blob SAS URL made with the account key, and the connection string beside it
    akey = b64(rnd(64))[:86] + "=="
    s.write("sas.py", "from datetime import datetime, timezone\nfrom azure.storage.blob import generate_blob_sas, BlobSasPermissions\n"
            f"key = {akey!r}\n"
            "sas = generate_blob_sas('acmeexports', 'reports', 'q4.csv', account_key=key, permission=BlobSasPermissions(read=True),"
            " expiry=datetime(2026, 12, 1, tzinfo=timezone.utc))\n"
            "print('https://acmeexports.blob.core.windows.net/reports/q4.csv?' + sas)\n"
            "print('AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmeexports;AccountKey=' + key + ';EndpointSuffix=core.windows.net')\n")
    out = s.sh(f"{SDK_PY} sas.py")
    sig = out.split("sig=", 1)[1].split("&", 1)[0].split()[0]
    write_case("azure-blob-sas-url-and-connection-string", "python3 sas.py", out, [sig, akey],
               ["acmeexports.blob.core.windows.net/reports/q4.csv", "AccountName=acmeexports", "se=2026-12-01", "sp=r"], G)


if __name__ == "__main__":
    R.seed(11_2)
    s = Scratch("h8wire")
    http(s)
    logs(s)
    processes(s)
    runtimes(s)
    print("ok", s.tmp)
