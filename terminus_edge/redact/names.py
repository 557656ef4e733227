"""Key names: does a name say its value is secret (`AWS_SECRET_ACCESS_KEY`, `_authToken`, `X-Api-Key`), or is a value
itself the name of a secret (`GITHUB_TOKEN`, `db-creds`)? Plus the two value tests every rule needs first: a placeholder
(`$TOKEN`, `***`, `<hidden>`) and Shannon entropy. How a value under such a name is judged is in shapes.py.

Key names are split into lowercase words (`AWS_SECRET_ACCESS_KEY`, `_authToken`, `X-Api-Key`,
`SecretAccessKey` all work). The last word decides whether the value is data *about* a secret
(`JWT_TTL_SECONDS`, `PASSWORD_FILE`, `--password-stdin`) rather than the secret itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter

_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

# Words that always mean "the value is a secret": masked whatever the value looks like.
_STRONG = re.compile(r"passw(?:or)?[dt]|passphrase|passcode|secret(?!ar)|^(?:pwd|pw|pswd)$")
# "<word> pass" names a password (DB_PASS, smtp_pass) unless the word makes it a pass of an algorithm.
_NOT_PASSWORD_PASS = frozenset(
    "forward backward first second third last next single multi one two grad query key value q k v render "
    "shader compile compiler optimization opt pre post sub main lowering fusion inductor graph fx diff test "
    "tests lint check build ci bypass".split())
# Words that usually mean a credential: masked when the value also looks like one.
_TOKENISH = re.compile(r"token(?!iz)|credential|^creds?$|apikey|privatekey|accesskey|authkey|datakey|"
                       r"^(?:master)?auth$|^authorization$|sessionid|sessid|^sig$|^dsn$|^pat$|^plaintext$")
# "<qualifier> key" pairs (api key, signing key, account key, ...); a bare "key" is too common.
_KEY_QUALIFIERS = frozenset(
    "api access secret private account master encryption encrypt signing sign client license service "
    "app auth shared sas storage hmac jwt session webhook deploy admin root crypto cipher aes gpg pgp "
    "ssh subscription primary secondary consumer rest search ingest write live".split())
# "<word> key" pairs that name something public or structural, not a credential.
_PUBLIC_KEY_QUALIFIERS = frozenset(
    "public pub publishable site sort cache primary foreign partition routing shard idempotency dedup "
    "dedupe lookup hash map group index unique composite row column object file s3 kms gpg ssh host "
    "foreign natural surrogate compound cluster hot api_version dict json yaml toml config registry socket".split())
# A last word that makes the value metadata about a secret, not the secret.
_NOT_SECRET_LAST = frozenset(
    "file files path paths dir directory url uri endpoint host hostname port ttl seconds secs sec ms "
    "minutes mins hours days expiry expires expiration exp expired timeout length len size count max "
    "min limit type types kind name names id ids enabled enable disabled disable required header "
    "prefix suffix version alg algorithm algorithms format encoding mode policy issuer audience scope "
    "scopes location region user username login email helper provider backend store source env stdin "
    "prompt command cmd hint rotation rotate generator strength manager field fields param label "
    "description desc help placeholder pattern regex reset changed change updated used valid "
    "validation validator check checked status state error errors failed failure success attempts "
    "retries schema lifetime age duration interval window quota usage remaining count method methods "
    "flow grant ref refs arn mount var variable variables index at on by rate ratio percent threshold "
    "score fail fails lock mutex types class cls factory period usage protocol scheme script scripts address contract".split())
# A password's name glued from a qualifier and "pass" (`dbpass`, `smtppass`, `rootpass`; not `bypass`, `compass`, nor
# `userpass`, which code uses for a joined `user:pass`).
_GLUED_PASS = re.compile(r"(?:db|sql|mysql|pg|psql|mongo|redis|ldap|bind|smtp|mail|email|imap|pop|ftp|sftp|ssh|admin|"
                         r"root|sa|sys|app|api|web|site|server|srv|master|proxy|vnc|wifi|amqp|mq|rabbit|"
                         r"keystore|truststore|store|key|login|auth|basic|http|require)pass")
# English compounds of "secret" that name no secret, as "secretary" does not (`secret_santa.py`).
_SECRET_COMPOUNDS = frozenset({"santa"})
_NEVER = frozenset({"pwd", "oldpwd"})  # shell variables holding directories


def words(name: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(name)]


def secret_kind(name: str) -> tuple[str, bool] | None:
    """(label, strong) when `name` names a secret, else None. strong: mask any value."""
    ws = words(name)
    if not ws or name.strip("\"'-_ ").lower() in _NEVER or "REDACTED:" in name:
        return None  # (a marker we wrote is not a key that names a secret)
    while len(ws) > 1 and ws[-1].isdigit():  # token_ids_0 → token_ids
        ws.pop()
    last, prev = ws[-1], (ws[-2] if len(ws) > 1 else "")
    if ws[0] == "existing" or (last in ("key", "keys") and prev in ("password", "passwd", "pw", "pwd")):
        return None  # `existingSecret`, `adminPasswordKey`: name the object or the key inside it that holds the secret
    if last == "mnemonic" or ws[-2:] == ["seed", "phrase"]:
        return "mnemonic", False  # a wallet's seed words (judged as one: context.py), not an instruction's `mnemonic: mov`
    if last == "id" and prev == "secret":
        return "secret", False  # Vault's AppRole `secret_id` is a credential; AWS's `SecretId` names one (by shape)
    if last in _NOT_SECRET_LAST and not (last == "id" and prev == "session"):
        return None
    for i, w in enumerate(ws):
        if _STRONG.search(w) and not (w == "secret" and ws[i + 1:i + 2] and ws[i + 1] in _SECRET_COMPOUNDS):
            return ("password" if "pass" in w or w.startswith("pw") else "secret"), True
        if _GLUED_PASS.fullmatch(w):
            return "password", True
    if last == "pass" and (prev not in _NOT_PASSWORD_PASS if prev else name.strip("\"'") == "pass"):
        return "password", True  # `DB_PASS`, and a bare lower-case `pass` key (`pass = …`; not go test's `PASS:`)
    for i, w in enumerate(ws):
        if w in ("key", "keys") and i > 0 and ws[i - 1] in _KEY_QUALIFIERS:
            return ("private-key" if ws[i - 1] == "private" else "api-key"), False
        if w in ("key", "keys") and i == len(ws) - 1 and i > 0 and ws[i - 1] not in _PUBLIC_KEY_QUALIFIERS:
            return "api-key", False  # VENDOR_KEY: judged by the value's shape
        if w == "session" and i + 1 < len(ws) and ws[i + 1] in ("id", "key", "token", "cookie"):
            return "session", False
        if _TOKENISH.search(w):
            if w.startswith("auth"):
                return "auth", False
            return ("api-key" if "key" in w else "token"), False
    return None


def names_metadata(name: str) -> bool:
    """The name's last word says its value is about a secret or beside one (`host`, `username`, `PASSWORD_FILE`)."""
    ws = words(name)
    return bool(ws) and ws[-1] in _NOT_SECRET_LAST


def names_secret_last(name: str) -> bool:
    """The name *ends* in a secret word (`password`, `api_key`, `token`), not merely contains one."""
    ws = words(name)
    return bool(ws) and (ws[-1] in ("key", "keys") or bool(_STRONG.search(ws[-1]) or _TOKENISH.search(ws[-1]))
                         or ws[-2:] == ["secret", "id"]
                         or (ws[-1] == "pass" and len(ws) > 1 and ws[-2] not in _NOT_PASSWORD_PASS))


_PLACEHOLDER = re.compile(
    r"""^(?:\$\{?[A-Za-z_][\w.]*\}?|\$\(.*\)|%[A-Za-z_]\w*%|\{\{.*\}\}|\$\{\{.*\}\}|(?:<[^<>]*>[:@/ ]?)+|
    (?:your|my|the|a)?[_ -]?(?:password|passwd|pass|pwd|secret|token|api[_-]?key|key)(?:[_ -]?here)?|
    \[[^\]]*(?:REDACTED|MASKED|FILTERED|HIDDEN|SECRET)[^\]]*\]|\*+\w{0,4}|[xX•·.…*#-]{3,}|[*:/. -]*\*{3,}[*:/. -]*|
    null|none|nil|true|false|yes|no|on|off|undefined|empty|unset|set|enabled|disabled|required|optional|
    n/a|redacted|hidden|masked|protected|present|missing|ok|\(hidden\)|\(none\)|-|
    \*+[ \t]*[A-Za-z][A-Za-z _-]{0,30}\*+|(?:[a-z]+[+_ -])?(?:omitted|redacted|masked|filtered|removed|elided|suppressed)|
    \d{1,12}[ \t]*(?:bytes?|[KMG]i?B|chars?|characters)|
    change[_ -]?me|example|dummy|placeholder|sample|todo|tbd|fixme|not[_ -]?set|
    (?:example|dummy|sample|fake)[_ -]?(?:password|passwd|pass|pwd|secret|token|api[_-]?key|key|value)|
    ![A-Za-z][\w./:-]*[ \t]+\S.*|
    (?:[a-z0-9]{1,12}[_-]){1,3}(?:x{4,}|\*{4,}|\.{3,}|…|<[^<>]*>)|pk_(?:live|test)_[a-z0-9]{10,})$""",
    re.VERBOSE | re.IGNORECASE)
# (Documentation placeholders, as detect-secrets' and gitleaks' false-positive lists have them, say the value was
# never filled in; tools' own masks (`**REDACTED**` in CircleCI, `DATA+OMITTED` in kubectl) and sizes (`24 bytes`,
# `kubectl describe secret`) stand where the value was; a YAML tag (`!secret db_password`, `!vault |`, `!Ref Param`) refers to or encrypts the value.)


def is_placeholder(value: str) -> bool:
    """A value that already hides the secret or refers to it (`$TOKEN`, `***`, `[REDACTED:…]`), a vendor's prefix
    with filler in place of the secret (`whsec_xxxxxxxx`, `hf_xxxx…`, `sk-…`), or a key its vendor publishes by design
    (Stripe's `pk_live_…` publishable key, as the token formats already leave it)."""
    return not value.strip() or bool(_PLACEHOLDER.match(value.strip()))


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())



_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


# Lower-case dashed names of Kubernetes/Helm objects and of keys inside them (`db-creds`, `admin-password`,
# `pg-tls`): a reference to where a secret is kept when one of the words says what is kept there.
_OBJECT_NAME = re.compile(r"[a-z][a-z0-9]{0,30}(?:-[a-z0-9]{1,30}){1,5}")
_KEPT_WORDS = frozenset("password passwords passwd secret secrets token tokens creds credentials credential key keys "
                        "tls cert certs certificate certificates auth apikey".split())


def names_a_secret(value: str) -> bool:
    """An environment-variable name that itself names a secret (`GITHUB_TOKEN`, `OPENAI_API_KEY`) or the
    dashed name of an object or key that holds one (`db-creds`, `admin-password`): a reference to the
    secret (`--token GITHUB_TOKEN`, `TOKEN_VAR=…`, `adminPasswordKey: admin-password`), not its value."""
    if _OBJECT_NAME.fullmatch(value):
        return any(part in _KEPT_WORDS for part in value.split("-"))
    return bool(_ENV_NAME.fullmatch(value)) and secret_kind(value) is not None


def _names_token_or_api_key(ws: list[str]) -> bool:
    """`token`, `GITHUB_TOKEN`, `apiKey`, `SECRET_ACCESS_KEY`, not `validationKey` (a vendor's or a tool's own
    key is judged by its value's shape alone) nor `tokens`/`keys` (a collection or a count)."""
    return any(w == "token" or w == "apikey" or (w == "key" and i > 0 and ws[i - 1] in _KEY_QUALIFIERS)
               for i, w in enumerate(ws))


def _vendor_env_key(key: str) -> bool:
    """`STRIPE_KEY`, `MAILGUN_KEY`: an upper-case environment name ending in KEY after a vendor's name, which
    holds that vendor's credential (`SORT_KEY`, `CACHE_KEY` and other public or structural keys aside)."""
    ws = words(key)
    return (bool(_ENV_NAME.fullmatch(key.strip("\"'"))) and len(ws) > 1 and ws[-1] == "key"
            and ws[-2] not in _PUBLIC_KEY_QUALIFIERS)


def names_token_or_api_key(key: str) -> bool:
    """A token's or an API key's name (`API_TOKEN`, `apiKey`, `STRIPE_KEY`), not a structural key (`edge_key`)."""
    return _names_token_or_api_key(words(key)) or _vendor_env_key(key)
