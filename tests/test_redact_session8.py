"""Redaction round 5 (session 8): passwords fed to account tools (`useradd -p`, here-strings into chpasswd/vncpasswd),
prose passwords ending in -en/-ing, CamelCase word values under a bare `auth`/`credentials`, ODBC's `PWD`; and the
look-alikes each rule must leave alone."""

from __future__ import annotations

import pytest

from terminus_edge.redact import redact, redact_lines


def _streamed(text: str, command: str | None = None) -> str:
    return "".join(redact_lines(text.splitlines(keepends=True), command=command))


SECRETS = [
    ("sudo chpasswd <<< 'root:GGdeGUVqwm8t'\n", "GGdeGUVqwm8t"),
    ('chpasswd <<<"kiosk:EmberMarmalade5"\n', "EmberMarmalade5"),
    ("vncpasswd -f <<< 'Y2O3Edcmdd' > ~/.vnc/passwd\n", "Y2O3Edcmdd"),
    ("printf '%s\\n%s\\n' 'kDEXIMSBddd' 'kDEXIMSBddd' | vncpasswd\n", "kDEXIMSBddd"),
    ("sudo useradd -m -p \"$(openssl passwd -1 'JuniperHarvestMaple')\" tester\n", "JuniperHarvestMaple"),
    ("useradd -m -p Plaintext99 bob\n", "Plaintext99"),
    ("openssl passwd -6 -salt abcdefgh S3cretWord\n", "S3cretWord"),
    ("x11vnc -storepasswd Hunter22x ~/.vnc/passwd\n", "Hunter22x"),
    ("The guest wifi password is dumpling (it rotates on Mondays).\n", "dumpling"),
    ("For the lab printer the passphrase is bracken.\n", "bracken"),
    ("the shared VNC password is whistling, do not post it\n", "whistling"),
    ("the password is frozen-lantern.\n", "frozen-lantern"),
    ("relay:\n  host: smtp.acme.dev\n  auth: MarmaladeSkylineHarbor\n", "MarmaladeSkylineHarbor"),
    ("AUTH=KettleMarmaladeBiscuit\nAUTH_MODE=oidc\n", "KettleMarmaladeBiscuit"),
    ('{\n  "upstream": {\n    "auth": "PebbleWillowSparrow"\n  }\n}\n', "PebbleWillowSparrow"),
    ("scrape_configs:\n  - job_name: ledger\n    authorization:\n      type: Bearer\n      credentials: WinterKettleHarvest\n",
     "WinterKettleHarvest"),
    ("CREDENTIALS=OrchardTopaz762\n", "OrchardTopaz762"),
    ("[ReportingDSN]\nUID = report_reader\nPWD = ZephyrCopper4\n", "ZephyrCopper4"),
    ("Driver={ODBC Driver 18};Server=sql01;UID=sa;PWD=Hunter2x99;Encrypt=yes\n", "Hunter2x99"),
]


@pytest.mark.parametrize("text,secret", SECRETS)
def test_round5_secrets_are_masked_whole_and_streamed(text, secret):
    out = redact(text)
    assert secret not in out and "[REDACTED:" in out, out
    assert _streamed(text) == out


LOOK_ALIKES = [
    "sudo useradd -m -p '!' svc-nologin\nsudo useradd -m -p '*' svc-backup\nsudo useradd -p \"$HASHED_PW\" app\n",
    "chpasswd <<< \"$USER_LINE\"\nvncpasswd -f <<< \"$VNC_PW\" > ~/.vnc/passwd\nsudo chpasswd < /root/batch-users.txt\n",
    "openssl passwd -6 -stdin < pw.txt\nopenssl passwd -6 -in pw.txt\nvncpasswd\n",
    "Your password is expiring soon, or the password is missing from the vault.\n",
    "The password is hidden behind the eye icon. The password is written to /etc/app/secret at boot.\n",
    "the password is being rotated, the password is changing, the password is pending approval.\n",
    "the password is one-time only\nthe password is hard-coded.\nthe password is case-sensitive\nthe password is per-user\n",
    "api:\n  auth: none\n  cors:\n    credentials: include\nworker:\n  auth: required\n  credentials: omit\n",
    "azure:\n  auth: ManagedIdentity\n  credentials: DefaultAzureCredential\nhttp:\n  auth: BasicAuth\n"
    "  credentials: same-origin\nkafka:\n  auth: ScramSha512\n",
    "credentials: sameoriginpolicy\n",
    "[database]\npassword =\npassword_file = /run/secrets/db_password\n",
    "PWD=/home/dev\nOLDPWD=/tmp\n+ PWD=/srv\nPWD: C:\\Users\\dev\n",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_round5_look_alikes_stay(text):
    assert redact(text) == text
    assert _streamed(text) == text


def test_auth_mode_with_a_standard_number_stays_under_a_config_command():
    text = "kafka:\n  auth: ScramSha512\n"
    assert redact(text, command="cat config/modes.yaml") == text
