"""Session 7 rules (the classes left open after session 6, and what tests/data/redaction_heldout4 showed): bare
`auth`/`credentials` keys, passwords as tools' positional arguments, INI fragments in the middle of a transcript,
prose passwords ending like adjectives, private-key bodies without armour (a meaningless file name, indented), and a
stream that holds base64 for at most keyfrag.MAX_RUN lines. Values here are our own, not the set's; each case is checked
whole-text, streamed line by line and for idempotence."""

from __future__ import annotations

import base64
import random
import shutil
import subprocess

import pytest

from terminus_edge.redact import StreamRedactor, redact, redact_lines
from terminus_edge.redact.keybody import judged_by_content, key_chunk
from terminus_edge.redact.keyfrag import MAX_HELD_RUN, MAX_RUN


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))


def _streamed(text: str, command: str | None = None) -> str:
    return "".join(redact_lines(text.splitlines(keepends=True), command=command))


def _check(text: str, gone: list[str], kept: list[str], command: str | None = None) -> str:
    out = redact(text, command=command)
    assert not [g for g in gone if g in out], out
    assert not [k for k in kept if k not in out], out
    assert _streamed(text, command) == out and redact(out, command=command) == out
    return out


POSITIONAL = [
    ("smbclient //fs01/scans Wq7vLp2Rz! -U scanner\n", "Wq7vLp2Rz!", "-U scanner"),
    ("+ smbclient -m SMB3 '//nas/backup' Kt5nDw8Hq -U ops -c ls\n", "Kt5nDw8Hq", "-U ops"),
    ("net use Z: \\\\fs01\\share Pq4mXs9Lw /user:ACME\\ann /persistent:no\n", "Pq4mXs9Lw", "/user:ACME\\ann"),
    ("net use \\\\fs01\\share /user:ann Pq4mXs9Lw\n", "Pq4mXs9Lw", "/user:ann"),
    ("echo 'Zr8kWq2Mv' | docker login ghcr.io -u ann --password-stdin\n", "Zr8kWq2Mv", "-u ann"),
    ("printf '%s\\n' Zr8kWq2Mv | podman login -u ann --password-stdin quay.io\n", "Zr8kWq2Mv", "quay.io"),
    ("echo Zr8kWq2Mv | sudo -S apt-get update\n", "Zr8kWq2Mv", "apt-get update"),
    ("echo 'ops:Zr8kWq2Mv' | sudo chpasswd\n", "Zr8kWq2Mv", "ops:"),
    ("htpasswd -nb grafana Hx6vPq3Lm\n", "Hx6vPq3Lm", "grafana"),
    ("htpasswd -b -c /etc/nginx/.htpasswd admin Hx6vPq3Lm 2>/dev/null\n", "Hx6vPq3Lm", "admin"),
    ("mongosh mongodb://db01 -u admin -p Vb3nKs8Qw --authenticationDatabase admin\n", "Vb3nKs8Qw", "-u admin"),
    ("lftp -u deploy,Vb3nKs8Qw sftp://files.acme.dev\n", "Vb3nKs8Qw", "-u deploy,"),
    ("xfreerdp /v:10.0.0.5 /u:ann /p:Vb3nKs8Qw /cert:ignore\n", "Vb3nKs8Qw", "/u:ann"),
    ("rabbitmqctl add_user ingest Vb3nKs8Qw\n", "Vb3nKs8Qw", "add_user ingest"),
    ("ssh-keygen -p -P Old4pass9X -N New7pass2Y -f ~/.ssh/id_ed25519\n", "New7pass2Y", "-f ~/.ssh/id_ed25519"),
    ("mysql -uroot -pTq9Lm2Vx shop -e 'select 1'\n", "Tq9Lm2Vx", "-uroot"),
    ("sshpass -p 'Wd5Kq8Zn' ssh deploy@10.0.9.3\n", "Wd5Kq8Zn", "deploy@10.0.9.3"),
]


@pytest.mark.parametrize("text, secret, kept", POSITIONAL, ids=range(len(POSITIONAL)))
def test_positional_passwords_are_masked(text, secret, kept):
    _check(text, [secret], [kept])


POSITIONAL_LOOK_ALIKES = [
    "smbclient //server/share -U user\n", "smbclient -L //fs01 -N\n", "smbclient //fs/share --no-pass -c 'ls'\n",
    "net use Z: \\\\server\\share /user:DOMAIN\\user *\n", "net use\n",
    "echo $CR_PAT | docker login ghcr.io -u ann --password-stdin\n", 'sshpass -p "$SSH_PASS" ssh deploy@host\n',
    "mysql -u root -p\n", 'mysql -u root -p"$MYSQL_ROOT_PASSWORD" < schema.sql\n', "htpasswd -c .htpasswd bob\n",
    "htpasswd -b .htpasswd admin <password>\n", "echo hello | sudo tee /etc/motd\n", "rabbitmqctl list_users\n",
]


@pytest.mark.parametrize("line", POSITIONAL_LOOK_ALIKES)
def test_positional_look_alikes_stay(line):
    assert redact(line) == line and _streamed(line) == line


PAIRS = [  # (text, password, user kept)
    ("auth=deploy:Zq8vLm2PxR7t\n", "Zq8vLm2PxR7t", "deploy:"),
    ('{"credentials": "admin:Wb9xYh4TmQ2r"}\n', "Wb9xYh4TmQ2r", '"admin:'),
    ("DEBUG args: Namespace(host='api', auth='svc-sync:gV9GISi2OmNc', retries='3')\n", "gV9GISi2OmNc", "svc-sync:"),
    ("CREDENTIALS=ops:Hq3mZp8vRtxx\n", "Hq3mZp8vRtxx", "ops:"),
    ("  credentials: \"backup:Fx7Lq2Wm9Pz4\"\n", "Fx7Lq2Wm9Pz4", "backup:"),
]


@pytest.mark.parametrize("text, secret, user", PAIRS, ids=range(len(PAIRS)))
def test_a_user_password_pair_under_auth_or_credentials_keeps_the_user(text, secret, user):
    _check(text, [secret], [user])


@pytest.mark.parametrize("line", ["auth=$USER:$PASS\n", "auth: none\n", "auth=oauth2\n", "'credentials': None\n",
                                  "credentials: /etc/app/creds.json\n", '"credentials": "include"\n',
                                  "auth: user:password\n", "credentials=omit\n", "auth_type=basic\n"])
def test_auth_and_credentials_look_alikes_stay(line):
    assert redact(line) == line and _streamed(line) == line


def test_bare_pass_key_is_a_password_but_not_a_count_nor_prose():
    _check("[mail]\nhost = smtp.acme.dev\npass = tulipfield\n", ["tulipfield"], ["host = smtp.acme.dev"])
    _check("  auth: { user: 'apikey', pass: 'Tr0mboneVelvet' }\n", ["Tr0mboneVelvet"], ["user: 'apikey'"])
    for line in ("# { total: 3, pass: 1, fail: 2 }\n", "# Second pass: ensure the weights are tied\n",
                 "--- PASS: TestLogin (0.00s)\n", "openssl rsa -passin pass:sample -in k.pem\n"):
        assert redact(line) == line


INI = [
    # cat / grep / sed of an INI file in the middle of a transcript
    ("build ok\n$ cat deploy.ini\n[github]\nuser = ann\ntoken = lanternfish\n\n$ make\nok\n", "lanternfish",
     ["user = ann", "$ make"]),
    ("3 passed\n$ grep -A3 smtp app.ini\n[smtp]\nhost = mail.acme.dev\npassword = Tangerine\n$ echo done\ndone\n",
     "Tangerine", ["host = mail.acme.dev", "done"]),
    ("$ grep -n -A3 '\\[db\\]' app.ini\n12:[db]\n13-host = db01\n14-password = tulipfield\n$ ls\na b\n", "tulipfield",
     ["13-host = db01"]),
    ("$ ls\nREADME.md  setup.cfg\n$ sed -n 4,6p ~/.config/hub\n    user = ann-ci\n    token = lanternfish\n"
     "    host = git.corp.example\n$ make test\n3 passed\n", "lanternfish", ["user = ann-ci", "3 passed"]),
    ("x\n$ cat rclone.conf\n[gdrive]\ntype = drive\ntoken = lanternfish\n", "lanternfish", ["type = drive"]),
]


@pytest.mark.parametrize("text, secret, kept", INI, ids=range(len(INI)))
def test_ini_fragments_in_a_transcript_are_masked(text, secret, kept):
    _check(text, [secret], kept)


@pytest.mark.parametrize("text", [
    "[tool.black]\nline-length = 100\ntarget-version = py311\n", "[metadata]\nname = tokenizer\nkeywords = token secret\n",
    "[auth]\ntoken = none\nkey_file = /etc/x\n", "[github]\ntoken = inherit\n", "[x]\nauth_token = ExampleTokenHere\n",
    "log line\n[WARN] disk almost full\ntoken = lanternfish_tokens\n"])
def test_ini_look_alikes_stay(text):
    assert redact(text) == text and _streamed(text) == text


PROSE = [
    ("The lab router password is crumpled (change it after the demo).\n", "crumpled"),
    ("the vpn password is verdant\n", "verdant"),
    ("The printer's admin passphrase is Bulbous.\n", "Bulbous"),
    ("Guest wifi: SSID acme-guest, password tangled\n", "tangled"),
    ("Jenkins: user ops, password fermented\n", "fermented"),
    ("our shared password was Serpent until the audit\n", "Serpent"),
]


@pytest.mark.parametrize("text, secret", PROSE, ids=range(len(PROSE)))
def test_prose_passwords_ending_like_adjectives_are_masked(text, secret):
    _check(text, [secret], [])


@pytest.mark.parametrize("line", [
    "The password is hashed with bcrypt.\n", "A password is required for every account.\n", "The password is expired.\n",
    "The new password is different from the last five.\n", "Sharing a password is dangerous.\n",
    "The password is persistent across restarts.\n", "The password was changed by an admin.\n",
    "The admin password is encrypted at rest.\n", "The password is sufficient.\n", "The password is stored securely.\n",
    "the password is generated automatically\n", "The password is protected.\n", "the password is crumpled by the policy\n",
    "username admin password protected\n", "user bob password reset\n", "The password is important.\n"])
def test_prose_about_a_password_stays(line):
    assert redact(line) == line and _streamed(line) == line


def _pem_lines(n_bytes: int, width: int, seed: int) -> list[str]:
    raw = random.Random(seed).randbytes(n_bytes)
    b64 = base64.b64encode(raw).decode()
    return [b64[i:i + width] + "\n" for i in range(0, len(b64), width)]


def test_a_key_body_without_armour_is_masked_by_width_and_content():
    lines = _pem_lines(1190, 64, 1)  # an RSA-2048 PKCS#8 body is ~1190 bytes
    text = "".join(lines[3:15])
    for command in (None, "sed -n '4,15p' ops/k7", "head -n 15 cache/blob.bin | tail -n 12"):
        out = _check(text, [line.strip() for line in lines[3:15]], [], command)
        assert out.count("[REDACTED:private-key]") == 12
    openssh = "".join(_pem_lines(1800, 70, 2)[4:24])  # OpenSSH wraps at 70
    assert "[REDACTED:private-key]\n" * 20 == redact(openssh)


def test_an_indented_key_slice_keeps_its_indentation():
    text = "".join("      " + line for line in _pem_lines(900, 64, 3)[2:12])
    out = _check(text, [text.split()[0]], [])
    assert out == "      [REDACTED:private-key]\n" * 10


@pytest.mark.parametrize("text, command", [
    ("".join(_pem_lines(900, 76, 4)[:10]), None),  # GNU base64 wraps at 76: a PNG, an attachment
    ("".join(_pem_lines(900, 64, 5)[:10]), "base64 -w 64 logo.png"),
    ("".join(_pem_lines(900, 64, 6)[:10]), "openssl base64 -in bundle.tar"),
    ("".join(_pem_lines(900, 64, 7)[:10]), "sed -n 5,14p certs/ca.crt"),
    ("".join(_pem_lines(900, 64, 8)[:MAX_RUN - 1]) + "-----END CERTIFICATE-----\n", None),
    ("".join(line for line in _pem_lines(900, 64, 9)[:2]), None),  # too short to judge by shape
    (base64.encodebytes(b"release notes: the token refresh race is fixed in the secret store client. " * 12)
     .decode().replace("\n", "")[:640], None),
])
def test_base64_that_is_no_key_body_stays(text, command):
    wrapped = "".join(text[i:i + 64] + "\n" for i in range(0, len(text), 64)) if "\n" not in text else text
    assert redact(wrapped, command=command) == wrapped
    assert _streamed(wrapped, command) == wrapped


def test_a_certificate_body_outside_its_armour_stays():
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    pem = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "/dev/null",
                          "-subj", "/CN=test.acme.dev", "-days", "2"], capture_output=True, text=True, check=True).stdout
    body = pem.splitlines(keepends=True)[1:-1]
    # (Known limit: a tail that holds only the signature, cut before the END line, reads as a key's body.)
    for lo, hi in ((0, 9), (1, 12), (0, len(body)), (2, len(body))):
        for end in ("", "-----END CERTIFICATE-----\n"):
            text = "".join(body[lo:hi]) + end
            assert redact(text) == text and _streamed(text) == text, (lo, hi)


def test_key_chunk_judgement():
    lines = _pem_lines(600, 64, 10)
    assert key_chunk(lines[:4], public=False, width=None) == 64
    assert key_chunk(lines[:4], public=True, width=None) is None
    assert key_chunk(lines[:2], public=False, width=None) is None
    assert key_chunk(lines[4:5], public=False, width=64) == 64  # a short last chunk of a run judged a key
    assert key_chunk(lines[:4], public=False, width=None, next_line="-----END CERTIFICATE-----\n") is None
    assert not judged_by_content("base64 logo.png") and judged_by_content("sed -n 3,9p x/k7")


def test_the_stream_holds_base64_for_at_most_max_run_lines():
    assert MAX_RUN <= 8
    stream = StreamRedactor()
    lines = _pem_lines(76 * 48, 76, 11)[:40]  # not a key's width: let go unchanged
    outs = [stream.feed(line) for line in lines]
    held = 0
    for out in outs:
        held = 0 if out else held + 1
        assert held < MAX_RUN
    assert "".join(outs) + stream.flush() == "".join(lines)


def test_a_long_key_body_is_masked_in_chunks_as_it_streams():
    lines = _pem_lines(3200, 64, 12)  # 67 lines: more than MAX_RUN, not a multiple of it
    stream = StreamRedactor()
    outs = [stream.feed(line) for line in lines]
    # judged by its width alone, it waits for a public END line (keyfrag.MAX_HELD_RUN lines at most), then goes masked
    assert not any(outs[:MAX_HELD_RUN - 1]) and outs[MAX_HELD_RUN - 1] == "[REDACTED:private-key]\n" * MAX_HELD_RUN
    text = "".join(lines)
    assert "".join(outs) + stream.flush() == redact(text) == "[REDACTED:private-key]\n" * len(lines)


def test_real_keys_read_under_meaningless_names():
    if shutil.which("ssh-keygen") is None or shutil.which("openssl") is None:
        pytest.skip("ssh-keygen/openssl not installed")
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        k = Path(tmp) / "k7"
        subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", str(k)], check=True)
        body = k.read_text().splitlines(keepends=True)[1:-1]
        b = Path(tmp) / "blob.bin"
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", str(b)],
                       check=True, capture_output=True)
        ec = b.read_text().splitlines(keepends=True)[1:-1]
    for lines, command in ((body[3:20], "sed -n 5,21p ops/k7"), (ec, "sed -n 2,4p cache/blob.bin")):
        text = "".join(lines)
        out = _check(text, [line.strip() for line in lines if len(line.strip()) >= 12], [], command)
        assert out.count("[REDACTED:private-key]") == len(lines)
