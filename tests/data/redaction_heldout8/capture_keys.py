"""Held-out redaction cases, session 11, part 3: private keys in formats outside PEM — a PuTTY .ppk, an age identity, a
WireGuard config (private and preshared keys beside public ones of the same shape), an Ethereum key and mnemonic in a
.env beside a transaction hash, openssl pkcs12 -nodes with its bag attributes.
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout8/capture_keys.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, Scratch, body_lines, hexs, password, write_case  # noqa: E402

G = "heldout-session-11-keys"
BIP39 = ("abandon ability able about above absent absorb abstract absurd abuse access accident account accuse achieve acid "
         "acoustic acquire across act action actor actress actual adapt add addict address adjust admit adult advance").split()


def ppk_lines(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.startswith(header))
    return lines[i + 1:i + 1 + int(lines[i].split(": ")[1])]


def main(s: Scratch) -> None:
    # 1. a PuTTY key file: Private-Lines carry the key, Public-Lines the public half
    s.sh("puttygen -t rsa -b 2048 -C deploy@acme -o deploy.ppk --new-passphrase /dev/null 2>/dev/null")
    ppk = (s.work / "deploy.ppk").read_text()
    out = s.sh("cat deploy.ppk")
    priv, pub = ppk_lines(ppk, "Private-Lines:"), ppk_lines(ppk, "Public-Lines:")
    write_case("cat-putty-ppk-rsa", "cat deploy.ppk", out, priv[1:-1], ["PuTTY-User-Key-File-3: ssh-rsa", "Encryption: none",
               "Comment: deploy@acme", pub[2]], G)

    # 2. an age identity file
    s.sh("age-keygen -o age-key.txt 2>/dev/null")
    key = (s.work / "age-key.txt").read_text()
    out = s.sh("cat age-key.txt")
    sec = next(ln for ln in key.splitlines() if ln.startswith("AGE-SECRET-KEY-"))
    pub = next(ln for ln in key.splitlines() if ln.startswith("# public key: ")).split(": ")[1]
    write_case("cat-age-identity", "cat ~/.config/sops/age/keys.txt", out, [sec], ["# created:", pub], G)

    # 3. a WireGuard config: PrivateKey and PresharedKey are secret, PublicKey (the same shape) is not
    priv = s.sh("wg genkey").strip()
    peer_priv = s.sh("wg genkey").strip()
    peer_pub = s.sh(f"echo {peer_priv} | wg pubkey").strip()
    own_pub = s.sh(f"echo {priv} | wg pubkey").strip()
    psk = s.sh("wg genpsk").strip()
    s.write("wg0.conf", f"[Interface]\n# PublicKey = {own_pub}\nAddress = 10.66.0.2/32\nPrivateKey = {priv}\nDNS = 10.66.0.1\n\n"
            f"[Peer]\nPublicKey = {peer_pub}\nPresharedKey = {psk}\nEndpoint = vpn.acme.dev:51820\nAllowedIPs = 10.66.0.0/16\n"
            "PersistentKeepalive = 25\n")
    out = s.sh("cat wg0.conf")
    write_case("cat-wireguard-conf", "sudo cat /etc/wireguard/wg0.conf", out, [priv, psk],
               [own_pub, peer_pub, "Endpoint = vpn.acme.dev:51820", "AllowedIPs = 10.66.0.0/16", "Address = 10.66.0.2/32"], G)

    # 4. a hardhat .env: a private key and a mnemonic beside a contract address and a transaction hash
    pk, tx, addr = "0x" + hexs(64), "0x" + hexs(64), "0x" + hexs(40)
    mn = " ".join(R.sample(BIP39, 12))
    s.write(".env", f"NETWORK=sepolia\nRPC_URL=https://sepolia.infura.io/v3/public\nDEPLOYER_PRIVATE_KEY={pk}\n"
            f"MNEMONIC=\"{mn}\"\nTOKEN_CONTRACT={addr}\nLAST_DEPLOY_TX={tx}\nCHAIN_ID=11155111\n")
    out = s.sh("cat .env")
    write_case("cat-env-eth-private-key-mnemonic", "cat .env", out, [pk, mn], [addr, tx, "CHAIN_ID=11155111", "NETWORK=sepolia"], G)

    # 5. openssl pkcs12 -nodes: bag attributes before the key, the certificate after
    pw = password()
    s.sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key -out tls.crt -days 30 "
         f"-subj /CN=api.acme.dev 2>/dev/null && openssl pkcs12 -export -in tls.crt -inkey tls.key -name api -passout 'pass:{pw}' -out tls.p12")
    out = s.sh(f"openssl pkcs12 -in tls.p12 -nodes -passin 'pass:{pw}'")
    key, crt = (s.work / "tls.key").read_text(), (s.work / "tls.crt").read_text()
    write_case("openssl-pkcs12-nodes-bag-attributes", "openssl pkcs12 -in tls.p12 -nodes -passin env:P12_PASS", out,
               body_lines(key), ["Bag Attributes", "friendlyName: api", "subject=CN = api.acme.dev", body_lines(crt)[2]], G)


if __name__ == "__main__":
    R.seed(11_3)
    main(Scratch("h8keys"))
    print("ok")
