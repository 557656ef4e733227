"""Held-out redaction cases, session 6, part 2: what programs print about their own config, captured from real
runtimes here (rich tracebacks with locals, pytest --showlocals, java Properties.list + a JDBC SQLException, php
var_dump, ruby pp, go %+v, perl Data::Dumper, node util.inspect, python pprint / logging / dataclass repr, PyJWT).
Written before reading the redaction rules.   Run: .venv/bin/python tests/data/redaction_heldout3/capture_lang.py
"""

from __future__ import annotations

import base64
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import LOWER, R, b64u, hexs, rnd, uuid, write_case  # noqa: E402
from tools import VENV_PY, Scratch  # noqa: E402

G = "heldout-session-6-real"


def main() -> None:
    s = Scratch("lang")

    # 1. rich traceback with show_locals: a locals panel holding a key and a word password
    oai, word = "sk-proj-" + b64u(100), R.choice(["hunterxx", "wombatics"]) 
    s.write("ingest.py", f"""from rich.console import Console
def upload(batch_id, rows):
    api_key = "{oai}"
    db_password = "{word}"
    max_tokens = 512
    endpoint = "https://api.acme.dev/v1/ingest"
    return rows[batch_id]
try:
    upload(7, [])
except Exception:
    Console(width=150, color_system=None).print_exception(show_locals=True)
""")
    out = s.sh(f"{VENV_PY} ingest.py")
    shown = re.search(r"api_key = '(sk-proj-[^…']+)", out).group(1)  # rich shortens long reprs with …
    write_case("rich-traceback-show-locals", "python ingest.py", out, [shown, word],
               ["IndexError", "max_tokens = 512", "https://api.acme.dev/v1/ingest", "batch_id = 7"], G)

    # 2. pytest --showlocals: a token, a bearer header dict and a DSN among ordinary locals
    tok, jwtsig, dsnpw = rnd(40), b64u(43), rnd(16)
    s.write("tests/test_client.py", f"""def test_fetch_orders():
    token = "{tok}"
    headers = {{"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMiJ9.{jwtsig}", "Accept": "application/json"}}
    dsn = "postgresql://orders:{dsnpw}@localhost:5432/orders_test"
    token_count = 42
    expected = 3
    assert len([token, headers, dsn]) == expected + 1
""")
    out = s.sh(f"{VENV_PY} -m pytest -q -l -p no:cacheprovider tests/test_client.py")
    out = re.sub(r"in [0-9.]+s", "in 0.04s", out)
    write_case("pytest-showlocals-token-dsn", "pytest -q -l tests/test_client.py", out, [tok, jwtsig, dsnpw],
               ["token_count = 42", "expected   = 3", "1 failed", "localhost:5432/orders_test", "AssertionError"], G)

    # 3. java: Properties.list (truncates long values at 37 chars + ...) and a JDBC URL in a SQLException
    spw, mpw, jwt_secret, sqlpw = rnd(14), rnd(12, LOWER), b64u(64), rnd(16)
    s.write("app.properties", f"server.port=8080\nspring.datasource.url=jdbc:postgresql://db:5432/app\n"
                              f"spring.datasource.username=app\nspring.datasource.password={spw}\n"
                              f"spring.mail.password={mpw}\njwt.secret={jwt_secret}\n"
                              "management.endpoints.web.exposure.include=health,info\n"
                              "spring.security.oauth2.client.registration.github.client-id=Iv1.8a61f9b3a7aba766\n")
    s.write("Main.java", f"""import java.io.*; import java.sql.*; import java.util.*;
public class Main {{
  public static void main(String[] a) throws Exception {{
    Properties p = new Properties(); p.load(new FileReader("app.properties")); p.list(System.out);
    try {{ DriverManager.getConnection("jdbc:sqlserver://sql01.acme.internal:1433;databaseName=billing;user=sa;password={sqlpw};encrypt=true"); }}
    catch (SQLException e) {{ e.printStackTrace(); }}
  }}
}}
""")
    out = s.sh("javac Main.java && java -cp . Main 2>&1")
    write_case("java-properties-list-jdbc-exception", "./gradlew bootRun --args=--debug-config", out,
               [spw, mpw, jwt_secret[:37], sqlpw], ["server.port=8080", "spring.datasource.username=app",
                                                    "No suitable driver found", "databaseName=billing",
                                                    "management.endpoints.web.exposure.include=health,info"], G)

    # 4. python logging of ODBC / ADO.NET connection strings
    opw, dpw, ask = rnd(18) + "!", rnd(12), base64.b64encode(bytes(R.randrange(256) for _ in range(32))).decode()
    s.write("conn.py", f"""import logging
logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S", level=logging.INFO)
log = logging.getLogger("etl.connect")
log.info("connecting with %s", "Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:acme.database.windows.net,1433;Database=orders;Uid=orders_app;Pwd={opw};Encrypt=yes;TrustServerCertificate=no;")
log.warning("fallback DSN=warehouse;UID=etl;PWD={dpw};Port=5439")
log.info("servicebus: Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={ask}")
log.info("pool ready (size=8)")
""")
    out = re.sub(r"^\d\d:\d\d:\d\d", "03:14:07", s.sh(f"{VENV_PY} conn.py"), flags=re.M)
    write_case("python-logging-odbc-connstrings", "python -m etl.run --dry-run", out, [opw, dpw, ask],
               ["Uid=orders_app", "Encrypt=yes", "UID=etl", "SharedAccessKeyName=RootManageSharedAccessKey",
                "pool ready (size=8)", "acme.database.windows.net,1433"], G)

    # 5. php var_dump / print_r of a config array: the value sits on the line after its key
    ppw, pkey, pword = rnd(20), "sk_live_" + rnd(24), R.choice(["pumpernickel", "zanzibarite"])
    s.write("cfg.php", f"""<?php
$config = ['db' => ['host' => 'mysql', 'user' => 'shop', 'password' => '{ppw}'], 'stripe_secret' => '{pkey}',
  'max_tokens' => 512, 'session' => ['name' => 'PHPSESSID', 'secret' => '{pword}']];
var_dump($config);
""")
    out = s.sh("php cfg.php")
    write_case("php-var-dump-config", "php artisan config:dump", out, [ppw, pkey, pword],
               ['string(5) "mysql"', '["max_tokens"]=>\n  int(512)', 'string(9) "PHPSESSID"'], G)

    # 6. ruby pp of a settings hash (symbols and strings)
    rb1, rb2, rb3 = hexs(128), rnd(24), "xoxp-" + "-".join(str(R.randint(10**11, 10**12)) for _ in range(3)) + "-" + hexs(32)
    out = s.sh(f"ruby -e 'require \"pp\"; pp({{secret_key_base: \"{rb1}\", \"redis_password\" => \"{rb2}\", "
               f"slack: {{token: \"{rb3}\", channel: \"#deploys\"}}, retries: 3, version: \"7.1.3\"}})'")
    write_case("ruby-pp-settings", "bin/rails runner 'pp Rails.application.config.x'", out, [rb1, rb2, rb3],
               ['channel=>"#deploys"', "retries=>3", 'version=>"7.1.3"'], G)

    # 7. go fmt %+v and %#v of a config struct
    gpw, gkey = rnd(16), "AIza" + b64u(35)
    s.write("go/main.go", f"""package main
import "fmt"
type DB struct {{ Host string; Port int; User string; Password string }}
type Config struct {{ DB DB; MapsAPIKey string; MaxTokens int; Commit string }}
func main() {{
	c := Config{{DB{{"db.internal", 5432, "app", "{gpw}"}}, "{gkey}", 512, "{hexs(40)}"}}
	fmt.Printf("config: %+v\\n", c)
}}
""")
    out = s.sh("cd go && GOCACHE=/tmp/build/gocache GOFLAGS=-mod=mod go run main.go",
               env=dict(s.env, GO111MODULE="off", GOPATH=str(s.tmp / "gopath"), GOCACHE=str(s.tmp / "gocache")))
    commit = re.search(r"Commit:([0-9a-f]{40})", out).group(1)
    write_case("go-printf-struct", "go run ./cmd/server --print-config", out, [gpw, gkey],
               ["Host:db.internal", "Port:5432", "User:app", "MaxTokens:512", commit], G)

    # 8. perl Data::Dumper
    pl1, pl2 = rnd(40, LOWER + "0123456789"), rnd(10) + "$" + rnd(5)
    s.write("dump.pl", f"use Data::Dumper; $Data::Dumper::Sortkeys = 1;\n"
                       f"print Dumper({{ 'aws_secret_access_key' => '{pl1}', 'dbpass' => '{pl2}', 'dbuser' => 'reports', "
                       "'region' => 'eu-central-1' });\n")
    out = s.sh("perl dump.pl")
    write_case("perl-data-dumper", "perl bin/show-config.pl", out, [pl1, pl2],
               ["'dbuser' => 'reports'", "'region' => 'eu-central-1'"], G)

    # 9. node util.inspect of alert hooks: Slack, Discord, Teams and Google Chat webhook URLs
    slack = f"https://hooks.slack.com/services/T{rnd(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/B{rnd(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/{rnd(24)}"
    dsc_tok = b64u(68)
    discord = f"https://discord.com/api/webhooks/{R.randint(10**17, 10**18)}/{dsc_tok}"
    teams_sig = rnd(32, "0123456789abcdef")
    teams = f"https://acme.webhook.office.com/webhookb2/{uuid()}@{uuid()}/IncomingWebhook/{teams_sig}/{uuid()}/V2{b64u(40)}"
    gchat_tok = b64u(43)
    gchat = f"https://chat.googleapis.com/v1/spaces/AAAA{b64u(7)}/messages?key=AIza{b64u(35)}&token={gchat_tok}"
    js = (f"const hooks = [{{name: 'deploys', kind: 'slack', url: '{slack}'}}, {{name: 'alerts', kind: 'discord', url: "
          f"'{discord}'}}, {{name: 'ops', kind: 'teams', url: '{teams}'}}, {{name: 'oncall', kind: 'gchat', url: '{gchat}'}}];\n"
          "console.log(hooks);\n")
    out = s.sh("node -", stdin=js)
    write_case("node-inspect-webhooks", "node scripts/list-hooks.js", out,
               [slack.rsplit("/", 1)[1], dsc_tok, teams.rsplit("/V2", 1)[1], gchat_tok, gchat.split("key=")[1][:39]],
               ["name: 'deploys'", "kind: 'discord'", "chat.googleapis.com/v1/spaces/"], G)

    # 10. python pprint of payment / messaging provider settings
    twt, twsk, mg, mc = hexs(32), rnd(32), "key-" + hexs(32), hexs(32) + "-us21"
    stripe_wh = "whsec_" + rnd(32)
    s.write("pp.py", "import pprint\npprint.pprint({'stripe': {'api_version': '2024-06-20', 'webhook_secret': '" + stripe_wh +
            "'}, 'twilio': {'account_sid': 'AC" + hexs(32) + "', 'auth_token': '" + twt + "', 'api_key_sid': 'SK" + hexs(32) +
            "', 'api_key_secret': '" + twsk + "'}, 'mailgun': {'api_key': '" + mg + "', 'domain': 'mg.acme.dev'}, "
            "'mailchimp': {'api_key': '" + mc + "', 'list_id': 'a1b2c3'}, 'from_email': 'noreply@acme.dev'}, width=100)\n")
    out = s.sh(f"{VENV_PY} pp.py")
    write_case("python-pprint-provider-keys", "python -c 'from shop.settings import PROVIDERS; pprint(PROVIDERS)'", out,
               [stripe_wh, twt, twsk, mg, mc], ["'api_version': '2024-06-20'", "'domain': 'mg.acme.dev'",
                                               "'from_email': 'noreply@acme.dev'", "'list_id': 'a1b2c3'"], G)

    # 11. python logging of service URLs with credentials, and a dataclass repr
    mpw2, rpw, apw, epw, drpw = rnd(16), rnd(24), rnd(12), rnd(20), rnd(14)
    s.write("svc.py", f"""import logging
from dataclasses import dataclass
logging.basicConfig(format="[%(levelname)s] %(name)s: %(message)s", level=logging.DEBUG)
log = logging.getLogger("worker")
@dataclass
class Settings:
    database_url: str
    timeout_s: int = 30
    api_key: str = ""
log.debug("mongo=%s", "mongodb+srv://reporting:{mpw2}@cluster0.x1y2z.mongodb.net/reports?retryWrites=true&w=majority")
log.debug("cache=%s broker=%s", "redis://:{rpw}@redis-master:6379/0", "amqps://worker:{apw}@rabbit.acme.internal:5671/%2F")
log.info("search backend https://elastic:{epw}@es01.acme.internal:9200 (v8.13.4)")
log.info("settings %r", Settings("postgresql+asyncpg://api:{drpw}@pg:5432/api", api_key="{hexs(32)}"))
""")
    out = s.sh(f"{VENV_PY} svc.py")
    dc_key = re.search(r"api_key='([0-9a-f]{32})'", out).group(1)
    write_case("python-logging-service-urls", "python -m worker", out, [mpw2, rpw, apw, epw, drpw, dc_key],
               ["cluster0.x1y2z.mongodb.net/reports?retryWrites=true", "redis-master:6379/0", "rabbit.acme.internal:5671",
                "es01.acme.internal:9200 (v8.13.4)", "timeout_s=30"], G)

    # 12. JWTs made by PyJWT: HS256 and RS256 bearer tokens, an id_token in a URL, a refresh token in JSON
    s.write("jw.py", f"""import jwt, json, time
from cryptography.hazmat.primitives.asymmetric import rsa
k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
hs = jwt.encode({{"sub": "user-481", "scope": "orders:read", "exp": 1795000000}}, "{rnd(32)}", algorithm="HS256")
rs = jwt.encode({{"iss": "https://auth.acme.dev", "aud": "api", "exp": 1795000000}}, k, algorithm="RS256", headers={{"kid": "2026-11"}})
print("127.0.0.1 - - GET /v1/orders Authorization: Bearer " + hs)
print("redirect -> https://app.acme.dev/callback#id_token=" + rs + "&token_type=Bearer&expires_in=3600")
print(json.dumps({{"access_token": hs, "refresh_token": "{b64u(64)}", "token_type": "Bearer", "expires_in": 3600}}))
""")
    out = s.sh(f"{VENV_PY} jw.py")
    toks = re.findall(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+", out)
    refresh = re.search(r'"refresh_token": "([\w-]+)"', out).group(1)
    write_case("pyjwt-tokens-in-logs", "python scripts/login_flow.py", out, sorted(set(toks)) + [refresh],
               ['"token_type": "Bearer"', '"expires_in": 3600', "GET /v1/orders", "https://app.acme.dev/callback"], G)


if __name__ == "__main__":
    main()
