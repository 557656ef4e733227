"""Round 11 (session 14): what tests/data/redaction_heldout11 found, as small cases of the general rules."""

from __future__ import annotations

from terminus_edge.redact import redact, redact_lines
from terminus_edge.redact.stream import StreamRedactor

GHP = "ghp_IBSCZwX7OhZFxSpJEqXoxbRcmM5GNC0TeFVs"


def _fold(text: str, width: int) -> str:
    return "".join(line[i:i + width] + "\n" for line in text.splitlines() for i in range(0, max(len(line), 1), width))


def test_tokens_folded_under_40_columns_are_joined():
    env = f"APP_NAME=billing\nGITHUB_TOKEN={GHP}\nDEBUG=false\n"
    for width in (20, 24, 28, 32, 36):
        folded = _fold(env, width)
        out = redact(folded)
        assert "JEqXoxbRcmM5" not in out.replace("\n", "") and "IBSCZwX7OhZF" not in out.replace("\n", ""), (width, out)
        assert "APP_NAME=billing" in out and "DEBUG=false" in out
        assert "".join(redact_lines(folded.splitlines(keepends=True))) == out


def test_a_value_cut_after_its_name_at_a_narrow_width():
    secret = "sdeOMPMQuNAIRm4bk1b+DBjXwr9QXt0v/KVd3ZVf"
    folded = _fold(f"[default]\naws_secret_access_key = {secret}\nregion = eu-west-1\n", 28)
    out = redact(folded)
    assert "MPMQuNAIRm4b" not in out and "region = eu-west-1" in out


def test_a_token_whose_last_row_holds_one_character():
    line = "2026-11-27T03:40:12Z INFO slack notifier ready token=xoxb-439028902512-2541855973599-o3DluV1j4EQD9H2rvQLXRzjb channel=#deploys"
    out = redact(_fold(line, 36))
    assert "o3DluV1j4EQD" not in out and "channel=#deploys" in out


def test_narrow_lookalikes_stay():
    sums = "55dd415b879e61b5623a16d882d94202be7996479cb0e531fc292654be84ff37  dist/pkg-0.tar.gz\n"
    ids = "3de7fa45725f193ac25469ed594cb65dad4280ad step 3\n2516ae13-b37d-42da-a9e8-11cb4ab6126c\n"
    for text in (_fold(sums, 32), _fold(ids, 24)):
        assert redact(text) == text


def test_short_lines_ending_in_a_word_go_out_at_once():
    for line in ("connecting with id kL9m\n", "built wheel x86v4\n", "status: ok\n"):
        assert StreamRedactor().feed(line) == line


def test_output_under_an_echoed_command_that_prints_a_secret():
    text = ("$ kubectl get ns -o name\nnamespace/payments\n$ pass show mail/imap\nUoAQDwXXWZmRycRQOumN\n"
            "$ hostname\nbuildhostalpha\n$ pass ls\nPassword Store\n`-- mail\n")
    out = redact(text)
    assert "UoAQDwXXWZmR" not in out and "buildhostalpha" in out and "namespace/payments" in out and "mail" in out
    assert "".join(redact_lines(text.splitlines(keepends=True), command="./show.sh")) == redact(text, command="./show.sh")


def test_make_echo_masks_only_the_line_under_it():
    text = "pass show db/replica\nwraesjyzdqlwhsghnlgihjlr\ndone\n"
    out = redact(text, command="make replica-pass")
    assert "wraesjyzdqlw" not in out and out.endswith("done\n")
    assert "".join(redact_lines(text.splitlines(keepends=True), command="make replica-pass")) == out


def test_a_secret_piped_into_another_program_prints_nothing():
    text = ("$ printf '%s' \"$CI_JOB_TOKEN\" | ssh deploy@host docker login --password-stdin registry\n"
            "Login Succeeded\nhttps://docs.docker.com/go/credential-store/\n")
    assert redact(text) == text
    assert "Zq9wLmQ2xVb7" not in redact("$ pass show web/x | head -n 1\nZq9wLmQ2xVb7Tr\n")


def test_printenv_of_secret_and_public_names_masks_only_the_secret_lines():
    command = "printenv AWS_REGION AWS_SECRET_ACCESS_KEY GITHUB_SHA"
    text = "eu-central-1\n+B0snNRaAaXPNs2yYg5YOXF/vwmmsvstFn1faJDd\nd6c6fedf07f391ed1b585b6f83fe17cefbdd28ce\n"
    out = redact(text, command=command)
    assert out == "eu-central-1\n[REDACTED:secret]\nd6c6fedf07f391ed1b585b6f83fe17cefbdd28ce\n"
    assert "".join(redact_lines(text.splitlines(keepends=True), command=command)) == out


def test_printenv_with_a_name_unset_masks_every_line_that_may_be_its():
    command = "printenv GITHUB_SHA LOG_LEVEL DB_PASSWORD"
    out = redact("d6c6fedf07f391ed1b585b6f83fe17cefbdd28ce\nwalrus-tundra-88\n", command=command)
    assert out == "d6c6fedf07f391ed1b585b6f83fe17cefbdd28ce\n[REDACTED:secret]\n"
    out = redact("walrus-tundra-88\ndebug\n", command="printenv DB_PASSWORD STRIPE_KEY LOG_LEVEL")
    assert out == "[REDACTED:secret]\n[REDACTED:secret]\n"


def test_printenv_of_a_value_over_several_lines_masks_them_all():
    command = "printenv TLS_KEY HOME"
    out = redact("Zq9wLmQ2xVb7TrAa\nPp4Lm0vQwErTyUi9\n/home/dev\n", command=command)
    assert "Zq9wLmQ2xVb7" not in out and "Pp4Lm0vQwErT" not in out


RFC4716 = """---- BEGIN SSH2 PUBLIC KEY ----
Comment: "2048-bit RSA, converted by dev@host from OpenSSH"
AAAAB3NzaC1yc2EAAAADAQABAAABAQCtBDrUje/AvzDD1kVYL8uogGaqJb9g48JkZIBIvR
dkFzBo1/LyIQa5uDInom1xn6TsvbSstuUMuRPlajKEGVCtx/1a2l/j/yAH/BAYKofLTMC+
qdnLnf5nqBG/Uwd1dflLwrRRHnnFW10q+WZCYfmYX76eGK7yO/nD08CA7vAa+5b13FS8Lb
wweQAf+J7tX8o/8LFtOFeT
---- END SSH2 PUBLIC KEY ----
"""


def test_an_rfc4716_public_key_export_stays():
    assert redact(RFC4716) == RFC4716
    assert "".join(redact_lines(RFC4716.splitlines(keepends=True))) == RFC4716


def test_one_full_line_at_openssh_width_is_a_key():
    line = "9u9u12Qm9bJQBns5AXTed+6c3hlIN5d9WLdPRd1yfwPe9IcLxUuYoyEluTD+ouBDcdVZHu\n"
    assert redact(line) == "[REDACTED:private-key]\n"
    assert "".join(redact_lines([line])) == redact(line)


def test_two_full_lines_at_openssh_width_are_a_key_and_two_at_64_stay():
    two_70 = ("6oOLehPTzKLZY19jRRbr+DueuNcobYnMfmb6tIMPwdTOFA1NgOAHI2fASv8Cxpj7z2WSzn\n"
              "oozZ1evA0iiT5Ym8zlmB/eiMj4yERWF+mU4zxdl0yo3G7x3lwKrq3HAE7iYw5htnR14jEB\n")
    out = redact(two_70)
    assert out == "[REDACTED:private-key]\n[REDACTED:private-key]\n"
    assert "".join(redact_lines(two_70.splitlines(keepends=True))) == out
    assert redact(two_70, command="base64 -w 70 photo.jpg | sed -n 5,6p") == two_70  # an encoder's output: not judged
    two_64 = ("J6URGiwX9Anp9jCujl3ZGKV3Hq49RXv7z3eOVY/jbfvmleW7TCZpTGq8R9IM+Grs\n"
              "P1sxRhMId2hORwjlE5qMAT875SCWI+9oq6PokTjbpQKBgQD+jyQHyLnz0DYOOriE\n")
    assert redact(two_64) == two_64  # (as much a certificate's or a public key's)


def test_gpg_secret_key_export_cut_by_sed_is_a_key():
    lines = ("pEGMp4CxXGk8e9XaB1YbBL+AjIW3m9M95PAvPeltY5XkJb3SCQtvxYCbIpCy28rS\n"
             "Sr7wcoMUCFq1v0wVZtkAbvR6StWhAY1S4yri0NvPIbLlGd6G4sQ1k9j0G7JRSEzU\n")
    command = "gpg --armor --export-secret-keys build@acme.dev | sed -n 6,7p"
    assert "pEGMp4CxXGk8" not in redact(lines, command=command)
    assert redact(lines, command="gpg --armor --export build@acme.dev | sed -n 6,7p") == lines


def test_a_cipher_key_printed_with_its_iv():
    text = ("salt=8A9B7DD3ED529D8C\nkey=150C906DD1E50AC86B1E5901BA66EFFFFDCFB246398CC0E41911E632D72D057A\n"
            "iv =5ED02E30E8AAD4CDBEE96B6CEDF77BA3\n")
    out = redact(text)
    assert "150C906DD1E5" not in out and "salt=8A9B7DD3ED529D8C" in out
    assert "".join(redact_lines(text.splitlines(keepends=True))) == out
    digest = "key=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nrestored 12 files\n"
    assert redact(digest) == digest  # (a cache key: no IV beside it)


SSH_SIGNATURE_BODY = """\
U1NIU0lHAAAAAQAAARcAAAAHc3NoLXJzYQAAAAMBAAEAAAEBAK0EOtSN78C/MMPWRVgvy6
iAZqolv2DjwmRkgEi9F2QXMGjX8vIhBrm4MieibXGfpOy9tKy25Qy5E+VqMoQZUK3H/Vra
X+P/IAf8EBgqh8tMwL6p2cud/meoEb9TB3V1+UvCtFEeecVbXSr5ZkJh+Zhfvp4YrvI7+c
PTwIDu8Br7lvXcVLwtuXJknxbsiIUcTCnXwZeZ+gzli39qrtHibbRkhYDFcq3UjLRfyKe9
CwIQ5CmTZ393Btmn0Np+/lOjkm4P13lGqhM3eSF1xXp7+LVUynOscUerq+NRf9vVxNedQk
PYIoD86/tKQmq34Vz2/DB5AB/4nu1fyj/wsW04V5MAAAAEZmlsZQAAAAAAAAAGc2hhNTEy
AAABFAAAAAxyc2Etc2hhMi01MTIAAAEAPS3LvCWVeEIcda/I0p5JG6c4BbjhYcbMNDiX/8
BSMpCSqZG7O3qHlE+smIfVwqYN0JWtsi2GDGJrC/4UZ3ldeNlsfOzX5nVnLz79kUeoUVEi
18twEBOe+0wEueoa2bmW+hkoLSlLdwkzxfVn066/nyv4F2je9DmkPsIPjJbef7lpUXk2aU
Y5O43dpw7RSN0Q9yjo6iXJkOAoeru/mLGnbQnA9mcdSGYbJb365G0OTAqyoEpTvUWqw7o+
N4bQKIdRvUGiwDAieRwwHFacqsiVDYmNO+b9K30Ndy+pbvdbC6qMez3DpIaOMn+DEBcuzg
b5e9e91k7UhZoWOckOqmEmJw==
"""


def test_an_openssh_signature_without_its_armour_stays():
    """`ssh-keygen -Y sign` wraps at 70 as a private key is: its SSHSIG magic and hash name say public, and the chunks
    after the one that shows them are public too (whole and streamed)."""
    assert redact(SSH_SIGNATURE_BODY) == SSH_SIGNATURE_BODY
    assert "".join(redact_lines(SSH_SIGNATURE_BODY.splitlines(keepends=True))) == SSH_SIGNATURE_BODY
    two = "".join(SSH_SIGNATURE_BODY.splitlines(keepends=True)[5:7])  # the lines naming sha512
    assert redact(two) == two


def test_a_value_cut_inside_its_vendor_prefix_under_a_secret_name():
    text = _fold("PAYMENTS_MODE=live\nSTRIPE_SECRET_KEY=sk_live_51LSROFkFsww1YqcgskKJn3MI3cEp7gSuHvf5eEX0PZXhriT88a\n"
                 "CURRENCY=eur\n", 22)
    out = redact(text)
    assert "LSROFkFsww1Y" not in out.replace("\n", "") and "CURRENCY=eur" in out and "PAYMENTS_MODE=live" in out
    assert "".join(redact_lines(text.splitlines(keepends=True))) == out


def test_a_row_fold_began_with_the_space_it_cut_before():
    jwt = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtbGVkZ2VyIiwiYXVkIjoibGVkZ2VyLmFjbWUuZGV2Iiw"
           "iaWF0IjoxNzk1MjAwMDAwfQ.UMWVvwSWmjz1odOwunpff5OHaRKHdAZ4nzD2cjYg9TM")
    text = _fold(f"2026-11-27 04:01:09 gateway forwarded Authorization: Bearer {jwt} upstream=ledger", 26)
    assert text.splitlines()[2].startswith(" Bearer")
    out = redact(text)
    assert "WVvwSWmjz1od" not in out.replace("\n", "") and "2026-11-27 04:01:09" in out
    assert "".join(redact_lines(text.splitlines(keepends=True))) == out
    yaml = "settings_for_the_service:\n  secret_key: PurpleMonkeyDish\n  region: eu-west-1\n"
    assert "".join(redact_lines(yaml.splitlines(keepends=True))) == redact(yaml)
