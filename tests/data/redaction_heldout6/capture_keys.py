"""Held-out redaction cases, session 9, part 1: private keys under a passphrase and PGP secret keys, whole and in slices
that tools print without the BEGIN line (head/tail/sed -n/awk of the file), next to public keys, certificates and
fingerprints that must stay. Real gpg (scratch GNUPGHOME, --batch), openssl genpkey/rsa with -aes256, ssh-keygen -N.
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout6/capture_keys.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, Scratch, armour_body, camel, gpg_env, rnd, write_case  # noqa: E402

G = "heldout-session-9-keys"


def _gen_gpg(s: Scratch, env: dict, name: str, email: str, passphrase: str, algo: str = "RSA") -> None:
    spec = ("Key-Type: RSA\nKey-Length: 2048\nSubkey-Type: RSA\nSubkey-Length: 2048\n" if algo == "RSA" else
            "Key-Type: EDDSA\nKey-Curve: ed25519\nSubkey-Type: ECDH\nSubkey-Curve: cv25519\n")
    s.write(f"{email}.gen", f"{spec}Name-Real: {name}\nName-Email: {email}\nExpire-Date: 0\nPassphrase: {passphrase}\n%commit\n")
    s.sh(f"gpg --batch --gen-key {email}.gen", env=env)


def _body(out: str) -> str:
    return "\n".join(armour_body(out))


def gpg_cases(s: Scratch) -> None:
    env = gpg_env(s)
    pp = camel(3) + str(R.randint(10, 99))
    _gen_gpg(s, env, "Release Bot", "release@acme.dev", pp)
    loop = f"--batch --pinentry-mode loopback --passphrase '{pp}'"
    s.sh(f"gpg {loop} --export-secret-keys --armor release@acme.dev > release-secret.asc", env=env)
    s.sh(f"gpg {loop} --emit-version --comment 'ops backup 2026-11' --export-secret-keys --armor release@acme.dev "
         "> ops-backup.asc", env=env)
    s.sh(f"gpg {loop} --export-secret-subkeys --armor release@acme.dev > subkeys.asc", env=env)

    # 1. the whole armoured secret key, as `gpg --export-secret-keys --armor` prints it
    out = s.sh(f"gpg {loop} --export-secret-keys --armor release@acme.dev", env=env)
    write_case("gpg-export-secret-keys-armor", "gpg --export-secret-keys --armor release@acme.dev", out, [_body(out)],
               ["-----BEGIN PGP PRIVATE KEY BLOCK-----", "-----END PGP PRIVATE KEY BLOCK-----"], G)

    # 2. its last lines: base64, the CRC-24 checksum line, the END line
    out = s.sh("tail -n 9 release-secret.asc")
    write_case("tail-gpg-secret-key", "tail -n 9 keys/release-secret.asc", out, [_body(out)],
               ["-----END PGP PRIVATE KEY BLOCK-----"], G)

    # 3. a slice from its middle: no armour, no header, no checksum, from a file named for what it backs up
    out = s.sh("sed -n '14,26p' release-secret.asc")
    write_case("sed-n-middle-of-gpg-secret-key", "sed -n '14,26p' backup/2026-11/ops.dat", out, [_body(out)], [], G)

    # 4. head of an export with Version and Comment headers: BEGIN, headers, blank, the first body lines
    out = s.sh("head -n 9 ops-backup.asc")
    write_case("head-gpg-secret-key-version-comment", "head -n 9 ops-backup.asc", out, [_body(out)],
               ["-----BEGIN PGP PRIVATE KEY BLOCK-----", "Comment: ops backup 2026-11"], G)

    # 5. the same export from its second line: headers, blank, body, and no BEGIN line
    out = s.sh("sed -n '2,12p' ops-backup.asc")
    write_case("sed-gpg-secret-key-headers-no-begin", "sed -n '2,12p' vault/ops-backup.txt", out, [_body(out)],
               ["Comment: ops backup 2026-11"], G)

    # 6. awk of the subkeys export past its armour, then its tail end through a pager-like cut
    out = s.sh("awk 'NR>3 && NR<=15' subkeys.asc")
    write_case("awk-gpg-secret-subkeys-body", "awk 'NR>3 && NR<=15' subkeys.asc", out, [_body(out)], [], G)

    # 7. an ed25519/cv25519 key (short packets): its last six lines
    ep = rnd(16)
    _gen_gpg(s, env, "Deploy Signer", "deploy@acme.dev", ep, algo="ED")
    s.sh(f"gpg --batch --pinentry-mode loopback --passphrase '{ep}' --export-secret-keys --armor deploy@acme.dev "
         "> deploy-secret.asc", env=env)
    out = s.sh("tail -n 6 deploy-secret.asc")
    write_case("tail-gpg-ed25519-secret-key", "tail -n 6 ~/backup/deploy-secret.asc", out, [_body(out)],
               ["-----END PGP PRIVATE KEY BLOCK-----"], G)

    # 8. an ed25519 secret key shown whole by cat between two shell lines; the public key of another identity stays
    out = s.sh("echo '# deploy signer'; cat deploy-secret.asc; echo done", env=env)
    write_case("cat-gpg-ed25519-secret-key", "echo '# deploy signer'; cat deploy-secret.asc; echo done", out,
               [_body((s.work / "deploy-secret.asc").read_text())],
               ["# deploy signer", "-----BEGIN PGP PRIVATE KEY BLOCK-----", "done"], G)

    # negatives: another identity's public key, whole and its tail; gpg listings of fingerprints and keygrips
    _gen_gpg(s, env, "Public Mirror", "mirror@acme.dev", rnd(12))
    pub = s.sh("gpg --armor --export mirror@acme.dev", env=env)
    (s.work / "mirror-pub.asc").write_text(pub)
    body = armour_body(pub)
    write_case("neg-gpg-export-public-key", "gpg --armor --export mirror@acme.dev", pub, [],
               ["-----BEGIN PGP PUBLIC KEY BLOCK-----", body[2], body[7], body[-1], "-----END PGP PUBLIC KEY BLOCK-----"], G)
    out = s.sh("tail -n 14 mirror-pub.asc")
    tail = armour_body(out)
    write_case("neg-tail-gpg-public-key", "tail -n 14 keys/mirror.asc", out, [],
               [tail[0], tail[5], tail[9], "-----END PGP PUBLIC KEY BLOCK-----"], G)
    out = s.sh("gpg --list-secret-keys --keyid-format long --with-keygrip release@acme.dev; gpg --fingerprint mirror@acme.dev",
               env=env).replace(str(s.tmp / "gnupg"), "/home/dev/.gnupg")
    fprs = [ln.strip() for ln in out.splitlines() if ln.startswith("      ")]
    grips = [ln.split("= ")[1] for ln in out.splitlines() if "Keygrip = " in ln]
    write_case("neg-gpg-list-secret-keys-fingerprints", "gpg --list-secret-keys --keyid-format long --with-keygrip "
               "release@acme.dev; gpg --fingerprint mirror@acme.dev", out, [],
               [fprs[0], fprs[-1], grips[0], grips[-1], "Release Bot <release@acme.dev>"], G)


def openssl_cases(s: Scratch) -> None:
    kp = rnd(20)
    s.sh(f"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes256 -pass pass:{kp} -out api.key 2>/dev/null")
    s.sh(f"openssl rsa -in api.key -passin pass:{kp} -aes256 -traditional -passout pass:{kp} -out legacy.key 2>/dev/null")
    s.sh(f"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-128-cbc -pass pass:{kp} -out edge.key 2>/dev/null")

    # 9. openssl genpkey -aes256 then cat: an ENCRYPTED PRIVATE KEY (PKCS#8, PBES2)
    out = s.sh("cat api.key")
    write_case("cat-openssl-encrypted-pkcs8", "cat certs/api.key", out, [_body(out)],
               ["-----BEGIN ENCRYPTED PRIVATE KEY-----", "-----END ENCRYPTED PRIVATE KEY-----"], G)

    # 10. its tail
    out = s.sh("tail -n 7 api.key")
    write_case("tail-encrypted-pkcs8", "tail -n 7 certs/api.key", out, [_body(out)],
               ["-----END ENCRYPTED PRIVATE KEY-----"], G)

    # 11. a slice from its middle under a meaningless name
    out = s.sh("sed -n '6,16p' api.key")
    write_case("sed-n-middle-of-encrypted-pkcs8", "sed -n '6,16p' var/lib/k1.bin", out, [_body(out)], [], G)

    # 12. the traditional form: Proc-Type and DEK-Info headers, then the encrypted body
    out = s.sh("cat legacy.key")
    write_case("cat-traditional-encrypted-rsa-dek-info", "cat legacy.key", out, [_body(out)],
               ["-----BEGIN RSA PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-256-CBC,"], G)

    # 13. its headers and first lines without the BEGIN line
    out = s.sh("sed -n '2,10p' legacy.key")
    write_case("sed-traditional-encrypted-headers-no-begin", "sed -n '2,10p' srv/legacy.dat", out, [_body(out)],
               ["Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-256-CBC,"], G)

    # 14. its head: BEGIN, headers, blank, body, no END
    out = s.sh("head -n 8 legacy.key")
    write_case("head-traditional-encrypted-rsa", "head -n 8 legacy.key", out, [_body(out)],
               ["-----BEGIN RSA PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED"], G)

    # 15. its tail
    out = s.sh("tail -n 5 legacy.key")
    write_case("tail-traditional-encrypted-rsa", "tail -n 5 legacy.key", out, [_body(out)],
               ["-----END RSA PRIVATE KEY-----"], G)

    # 16. an encrypted EC key: the two lines after BEGIN, by awk
    out = s.sh("awk 'NR==2 || NR==3' edge.key")
    write_case("awk-two-lines-encrypted-ec-key", "awk 'NR==2 || NR==3' state/edge.bin", out, [_body(out)], [], G)

    # negative: a self-signed certificate, its fingerprint and its public key
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout /dev/null -out api.crt -days 30 -subj /CN=api.acme.dev 2>/dev/null")
    out = s.sh("cat api.crt; openssl x509 -in api.crt -noout -fingerprint -sha256; openssl x509 -in api.crt -noout -pubkey")
    cert = armour_body(out)
    fpr = [ln for ln in out.splitlines() if "Fingerprint=" in ln][0].split("=", 1)[1]
    write_case("neg-certificate-fingerprint-pubkey", "cat api.crt; openssl x509 -in api.crt -noout -fingerprint -sha256; "
               "openssl x509 -in api.crt -noout -pubkey", out, [],
               [cert[1], cert[6], cert[12], fpr, "-----BEGIN PUBLIC KEY-----", cert[-1]], G)


def ssh_cases(s: Scratch) -> None:
    sp = camel(3) + "!" + str(R.randint(1, 9))
    s.sh(f"ssh-keygen -q -t ed25519 -N '{sp}' -C ci@build -f ci_ed25519")
    s.sh(f"ssh-keygen -q -t rsa -b 3072 -N '{sp}' -C deploy@bastion -f deploy_rsa")
    s.sh(f"ssh-keygen -q -t ecdsa -b 256 -N '{sp}' -C edge@node -f edge-node")

    # 17. cat of an OpenSSH ed25519 key under a passphrase (aes256-ctr, bcrypt KDF)
    out = s.sh("cat ci_ed25519")
    write_case("cat-openssh-ed25519-passphrase", "cat ~/.ssh/ci_ed25519", out, [_body(out)],
               ["-----BEGIN OPENSSH PRIVATE KEY-----", "-----END OPENSSH PRIVATE KEY-----"], G)

    # 18. the middle of an encrypted OpenSSH RSA key, by line numbers
    out = s.sh("sed -n '10,22p' deploy_rsa")
    write_case("sed-n-middle-of-openssh-rsa-passphrase", "sed -n '10,22p' ~/.ssh/deploy_rsa", out, [_body(out)], [], G)

    # 19. its tail
    out = s.sh("tail -n 6 deploy_rsa")
    write_case("tail-openssh-rsa-passphrase", "tail -n 6 keys/deploy_rsa", out, [_body(out)],
               ["-----END OPENSSH PRIVATE KEY-----"], G)

    # 20. an encrypted OpenSSH ECDSA key: lines 2-4 by awk (the magic, the cipher and KDF names, the salt)
    out = s.sh("awk 'NR>=2 && NR<=4' edge-node")
    write_case("awk-openssh-ecdsa-passphrase-head", "awk 'NR>=2 && NR<=4' cache/edge-node", out, [_body(out)], [], G)

    # negative: public keys, fingerprints and randomart
    out = s.sh("cat ci_ed25519.pub edge-node.pub; ssh-keygen -lf ci_ed25519.pub; ssh-keygen -lvf deploy_rsa.pub")
    pubs = [ln.split()[1] for ln in out.splitlines() if ln.startswith(("ssh-ed25519", "ecdsa-sha2"))]
    fps = [w for w in out.split() if w.startswith("SHA256:")]
    write_case("neg-ssh-public-keys-fingerprints", "cat ~/.ssh/ci_ed25519.pub ~/.ssh/edge-node.pub; ssh-keygen -lf "
               "~/.ssh/ci_ed25519.pub; ssh-keygen -lvf ~/.ssh/deploy_rsa.pub", out, [],
               [pubs[0], pubs[1], fps[0], fps[1], "ci@build (ED25519)", "+---[RSA 3072]----+"], G)


def main() -> None:
    R.seed(9_1)
    s = Scratch("h6keys")
    gpg_cases(s)
    openssl_cases(s)
    ssh_cases(s)


if __name__ == "__main__":
    main()
