"""Follow-ups from QA: a private key cut short without its BEGIN line (`tail id_rsa`, `sed -n 3,9p server.key`), and a
prompt that says Password (`read -p 'Password: ' x`) taken for a password. Key material below was made with
ssh-keygen / openssl / gpg for these tests (throwaway keys); the tests at the end make fresh ones when the tools exist."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from terminus_edge.redact import redact, redact_lines
from terminus_edge.redact.keyfrag import MAX_RUN, reads_key_file

OPENSSH_TAIL = """\
RAAAAAtzc2gtZWQyNTUxOQAAACBmbEd2woKlVE9D8QTzvtTkHc+9fFyiXCcxs0SNPDmmtg
AAAEDkGKsxr/wxYLNMEoqf8hQhBN2XqR4dC1G4YJaEJOt8XmZsR3bCgqVUT0PxBPO+1OQd
z718XKJcJzGzRI08Oaa2AAAACXVzZXJAaG9zdAECAwQ=
-----END OPENSSH PRIVATE KEY-----
"""
RSA_TAIL = """\
BGg6/q30dP2ShUtKxP7iU4pHXgHnP7vsWWtKhFu34uxjr+uMcoTxPtYTM3NLWESM
ebl73D6eKtYQ3qF5lsABAkEA3qQZ9JKbnKF/rfrTm7p3WwuM9lAOsqm/9eBxE1cy
X0wQbO5tXc4EE91esSm70m1jZeTtRqR4rWLBtUzwROBZQQ==
-----END RSA PRIVATE KEY-----
"""
PKCS8_MIDDLE = """\
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDAXYHEUN1/JLAT
vSDz243zMR9BwHUXNCO6e1d86CyWdZgwj/3TZYmWHTD8D3QL7yVbvys6dCb1XW5a
"""
# two lines from the middle of a key's random numbers: nothing in them says "key", only a command can (keyder.py)
RSA_MIDDLE = """\
J6URGiwX9Anp9jCujl3ZGKV3Hq49RXv7z3eOVY/jbfvmleW7TCZpTGq8R9IM+Grs
P1sxRhMId2hORwjlE5qMAT875SCWI+9oq6PokTjbpQKBgQD+jyQHyLnz0DYOOriE
"""
CERT_TAIL = """\
1TgZSiG7Eq7MXI7RlO3g6kVSgP53acHduusUQIxIehEfjsg31Ya10mYf6vxNPump
SJJXbtcaLguXb0YlKHJknzWJFuZLU91oI+ZkGaKCPk8hbZnDwJrzFWgD2Jk9OiXB
wQcM
-----END CERTIFICATE-----
"""
PGP_SIGNATURE = """\
-----BEGIN PGP SIGNATURE-----

iHUEABYIAB0WIQQfkdTKE8tqwX9KC91wEzQUiSBckwUCawe0KQAKCRBwEzQUiSBc
k/DLAPwNVJPX96EHd89ZALkMz55yrBQ1aKGveFmgSOxsaLEMlQEA5n5AO2nW2j1i
8cKxpVmfUuAEjTRbXtgk0FzTWteMxQ8=
=RUoA
-----END PGP SIGNATURE-----
"""
SSH_PUBLIC = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZsR3bCgqVUT0PxBPO+1OQdz718XKJcJzGzRI08Oaa2 user@host\n"


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))


def _body_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("-----")]


def _streamed(text: str, command: str | None = None) -> str:
    return "".join(redact_lines(text.splitlines(keepends=True), command=command))


@pytest.mark.parametrize("fragment", [OPENSSH_TAIL, RSA_TAIL], ids=["openssh", "rsa"])
@pytest.mark.parametrize("command", [None, "tail -n 4 ~/.ssh/id_rsa"], ids=["no-command", "tail"])
def test_the_tail_of_a_private_key_is_masked_and_its_end_line_stays(fragment, command):
    out = redact(fragment, command=command)
    assert not any(line in out for line in _body_lines(fragment)), out
    assert fragment.splitlines()[-1] in out and "[REDACTED:private-key]" in out
    assert _streamed(fragment, command) == out


@pytest.mark.parametrize("end", ["-----END PRIVATE KEY-----", "-----END EC PRIVATE KEY-----",
                                 "-----END PGP PRIVATE KEY BLOCK-----", "-----END ENCRYPTED PRIVATE KEY-----"])
def test_every_private_end_line_closes_a_fragment(end):
    text = "$ tail -n 3 key\n" + PKCS8_MIDDLE + "=X3Sj\n" + end + "\nexit 0\n"
    out = redact(text)
    assert not any(line in out for line in _body_lines(PKCS8_MIDDLE)) and "=X3Sj" not in out
    assert out.startswith("$ tail -n 3 key\n") and end in out and out.endswith("exit 0\n")
    assert _streamed(text) == out


def test_only_the_base64_run_right_before_the_end_line_is_taken():
    text = "a line of prose\nQmFzZTY0IGJlZm9yZSBhIGJsYW5rIGxpbmU=\n\n" + RSA_TAIL
    out = redact(text)
    assert "QmFzZTY0IGJlZm9yZSBhIGJsYW5rIGxpbmU=" in out and "a line of prose" in out
    assert "BGg6/q30dP2ShUtKxP7iU4pH" not in out


def test_a_fragment_inside_a_json_string_with_escaped_newlines():
    body = PKCS8_MIDDLE.replace("\n", "\\n")
    text = '{"private_key": "' + body + '-----END PRIVATE KEY-----\\n", "client_email": "ci@proj.iam.gserviceaccount.com"}\n'
    out = redact(text)
    assert not any(line in out for line in _body_lines(PKCS8_MIDDLE)), out
    assert "ci@proj.iam.gserviceaccount.com" in out


@pytest.mark.parametrize("command", ["sed -n 2,3p server.key", "sed -n 2,3p ~/.ssh/id_ed25519", "head -3 tls/ca-key.pem",
                                     "base64 client.p12", "cat key.pem | sed -n 2,3p"])
def test_base64_only_output_of_a_command_that_reads_a_key_file_is_masked(command):
    assert reads_key_file(command)
    for text in (PKCS8_MIDDLE, RSA_MIDDLE):
        out = redact(text, command=command)
        assert not any(line in out for line in _body_lines(text)), out
        assert _streamed(text, command) == out
    assert redact(RSA_MIDDLE) == RSA_MIDDLE  # the command is what says so
    # (a key's head says so itself: PKCS#8's version 0, AlgorithmIdentifier and OCTET STRING; keyder.py)
    assert redact(PKCS8_MIDDLE) == "[REDACTED:private-key]\n" * 2 == _streamed(PKCS8_MIDDLE)


@pytest.mark.parametrize("command", ["base64 README.md", "cat cert.pem", "cat ~/.ssh/id_ed25519.pub", "cat fullchain.pem",
                                     "sed -n 2,3p pubkey.pem", "cat req.csr", "tail sig.asc"])
def test_other_files_are_not_key_files(command):
    assert not reads_key_file(command)
    assert redact(RSA_MIDDLE, command=command) == RSA_MIDDLE
    # a key's head is a key's whatever the file's name (a .pem holding a certificate and its key)
    assert redact(PKCS8_MIDDLE, command=command) == "[REDACTED:private-key]\n" * 2


def test_a_key_path_written_in_the_same_command_line_is_a_key_file():
    assert reads_key_file("ssh-keygen -t ed25519 -N '' -f /tmp/k && sed -n 2,4p /tmp/k")
    assert reads_key_file("openssl genpkey -algorithm RSA -out /tmp/x; head -3 /tmp/x")
    assert not reads_key_file("ssh-keygen -t ed25519 -N '' -f /tmp/k && cat /tmp/k.pub")


@pytest.mark.parametrize("text", [CERT_TAIL, PGP_SIGNATURE, SSH_PUBLIC,
                                  "-----BEGIN CERTIFICATE-----\n" + PKCS8_MIDDLE + "-----END CERTIFICATE-----\n",
                                  "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\">\n"])
@pytest.mark.parametrize("command", [None, "cat bundle.out"], ids=["no-command", "cat"])
def test_public_material_survives(text, command):
    assert redact(text, command=command) == text
    assert _streamed(text, command) == text


def test_a_certificate_inside_a_key_file_survives_while_its_key_is_masked():
    text = ("-----BEGIN CERTIFICATE-----\n" + CERT_TAIL.replace("-----END CERTIFICATE-----\n", "")
            + "-----END CERTIFICATE-----\n" + PKCS8_MIDDLE)
    out = redact(text, command="cat tls/server.pem")
    assert "1TgZSiG7Eq7MXI7RlO3g6kVSgP53" in out and "MIIEvQIBADANBgkq" not in out
    assert _streamed(text, "cat tls/server.pem") == out


def test_the_stream_holds_a_bounded_run_and_agrees_with_the_whole_text():
    lines = [f"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVm{i:05d}\n" for i in range(MAX_RUN + 5)]
    for n in (1, MAX_RUN - 1, MAX_RUN, MAX_RUN + 3):
        text = "".join(lines[:n]) + "-----END PRIVATE KEY-----\n"
        assert _streamed(text) == redact(text)
        assert ("[REDACTED:private-key]" in redact(text)) == (n % MAX_RUN != 0)
    stream_lines = lines
    from terminus_edge.redact import StreamRedactor

    stream = StreamRedactor()
    outputs = [stream.feed(x) for x in stream_lines]
    assert outputs[MAX_RUN - 1]  # the held run is let go once it reaches MAX_RUN lines
    assert "".join(outputs) + stream.flush() == "".join(stream_lines)


def test_held_base64_lines_come_out_when_a_plain_line_follows():
    from terminus_edge.redact import StreamRedactor

    stream = StreamRedactor()
    assert stream.feed("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ\n") == ""
    assert stream.feed("done\n") == "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ\ndone\n"


@pytest.mark.parametrize("text", [
    "read -p 'Password: ' x; echo got $x",
    'read -sp "Password: " pw',
    'read -s -p "Enter password: " DB_PASSWORD',
    'printf "Password: "; read -r reply',
    'pw = input("Password: ")',
    'pw = getpass.getpass("Password: ")',
    'token = getpass.getpass(prompt="GitHub token: ")',
    '$p = Read-Host -AsSecureString "Password"',
    '$p = Read-Host -Prompt "Password: " -AsSecureString',
])
def test_a_prompt_that_asks_for_a_password_is_not_a_password(text):
    assert redact(text) == text
    assert _streamed(text + "\n") == text + "\n"


@pytest.mark.parametrize("text, secret", [
    ('echo "password: Xy7pQ2rT9wLm"', "Xy7pQ2rT9wLm"),
    ("PASSWORD: 'Xy7pQ2rT9wLm'", "Xy7pQ2rT9wLm"),
    ('{"password": "Xy7pQ2rT9wLm"}', "Xy7pQ2rT9wLm"),
    ("curl -d 'password: \"Xy7pQ2rT9wLm\"' http://h", "Xy7pQ2rT9wLm"),
    ("Password: Xy7pQ2rT9wLm", "Xy7pQ2rT9wLm"),
])
def test_a_value_after_the_key_is_still_masked(text, secret):
    assert secret not in redact(text)


@pytest.mark.skipif(not (shutil.which("ssh-keygen") and shutil.which("openssl")), reason="needs ssh-keygen and openssl")
def test_fresh_keys_cut_every_way(tmp_path):
    key, pem = tmp_path / "id_ed25519", tmp_path / "server.key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", str(pem)],
                   check=True, capture_output=True)
    for path in (key, pem):
        lines = path.read_text().splitlines(keepends=True)
        body = [x.strip() for x in lines[1:-1]]
        for cut, command in ((lines[-3:], f"tail -n 3 {path}"), (lines[2:4], f"sed -n 3,4p {path}"),
                             (lines[-2:], None)):
            text = "".join(cut)
            out = redact(text, command=command)
            assert not any(b and b in out for b in body), (command, out)
            assert _streamed(text, command) == out
    public = (tmp_path / "id_ed25519.pub").read_text()
    assert redact(public, command=f"cat {key}.pub") == public
