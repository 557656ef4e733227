"""Passwords said in prose: "the password is hunter until Friday", "the VPN passphrase was Tr0ub4dor&3",
"SSID acme-guest, password tangled".

A plain word after "password is" is the password unless it says something about it ("is stored in Vault", "is too
short", "is required", "is incorrect", "is the same as", "is now rotated"). Words ending like adjectives and
participles (-ed, -ent, -ant, -ous) are told apart by a vocabulary of what is said about credentials (hashed, expired,
different, persistent, dangerous, …) and by what follows: a word that goes on into a phrase ("is hashed with argon2",
"is crumpled by the policy") describes; one that ends the clause and is no describing word (`crumpled`, `verdant`,
`pompous`) is the value. Words ending in -en and -ing are judged the same way by their own vocabulary (`is hidden`,
`is expiring soon`, `is being rotated` describe; `dumpling`, `bracken`, `whistling` are values). Other adjective endings
(-ly, -able, -ive, -ful, -less, -ate) stay words. A dashed compound (`frozen-lantern`) is judged by its last word.
"""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.names import is_placeholder
from terminus_edge.redact.scan import Scan
from terminus_edge.redact.shapes import typed_like_a_password

Span = tuple[str, int, int]

_PROSE_WORD = re.compile(r"[A-Za-z]{4,32}")
_ABOUT_IT = frozenset("""this that your their same what which where when then than there here from into with
    about above below also still just only even ever never always often usually being been now soon once
    too very much more less most least quite rather case same different empty blank none null missing unset set
    reset wrong right correct incorrect invalid valid weak strong short long secure insecure unique optional
    mandatory sensitive known unknown visible available unavailable random simple complex fine good okay
    bad secret private public temporary default plain plaintext cleartext kept held read written left made
    taken longer shorter stronger weaker better worse necessary obsolete identical similar arbitrary temporary
    primary secondary ordinary normal usual special typical essential critical time use only case word way user site host account device session""".split())
_ABOUT_SUFFIXES = ("ly", "able", "ible", "ive", "ful", "less", "ate")
_JUDGED_SUFFIXES = ("ed", "ent", "ant", "ous", "en", "ing")  # judged by the vocabulary below and by what follows
# What is said about a credential with those endings: its state, how it is handled, how it compares.
_DESCRIBING = frozenset("""
    accepted rejected required requested expected needed wanted expired changed unchanged rotated renewed refreshed
    stored saved cached persisted kept hashed salted peppered encrypted decrypted encoded decoded obfuscated scrambled
    masked redacted checked verified validated invalidated confirmed matched mismatched compared used reused unused
    shared leaked exposed compromised cracked guessed forced protected unprotected secured unsecured generated
    randomized created updated modified replaced removed deleted cleared erased wiped revoked disabled enabled locked
    unlocked blocked suspended logged printed echoed displayed passed supplied provided specified configured defined
    undefined declared entered typed pasted copied prompted assumed inherited derived computed calculated signed
    truncated padded trimmed limited restricted allowed permitted prohibited recommended preferred enforced
    deprecated ignored skipped omitted included excluded embedded hardcoded committed pushed published uploaded
    downloaded transmitted received retrieved fetched loaded managed handled processed parsed escaped quoted
    unquoted evaluated interpreted tested scanned detected flagged reported noted mentioned documented listed mapped
    linked associated tied attached assigned issued granted denied approved authorized unauthorized authenticated
    unauthenticated compressed serialized stripped split joined duplicated filtered selected picked fixed corrupted
    damaged recovered restored migrated imported exported synced synchronized replicated distributed propagated
    scheduled delayed queued completed finished failed succeeded supported unsupported recognized unrecognized
    accessed guarded isolated separated combined concatenated prefixed suffixed terminated cancelled canceled
    outdated dated based mixed reversed shortened lengthened weakened strengthened hardened simplified
    complicated sealed wrapped unwrapped shown rendered retained discarded dropped expected unexpected unrequired
    different indifferent sufficient insufficient persistent present absent consistent inconsistent current recent
    independent dependent apparent equivalent transparent evident permanent frequent urgent efficient convenient
    inconvenient excellent decent silent confident prominent pertinent sent spent lent resilient competent inherent
    coherent adjacent latent subsequent prevalent intermittent recurrent concurrent existent nonexistent
    dangerous obvious ambiguous unambiguous previous anonymous various numerous erroneous continuous superfluous
    serious suspicious hazardous precarious synonymous analogous extraneous tedious ridiculous infamous notorious
    famous enormous tremendous onerous arduous contiguous spontaneous simultaneous miscellaneous gratuitous
    ubiquitous fictitious frivolous generous curious nervous cautious conspicuous inconspicuous innocuous
    strenuous rigorous advantageous disadvantageous outrageous atrocious egregious pernicious insidious malicious
    fallacious spurious dubious
    important significant relevant irrelevant redundant constant compliant noncompliant resistant tolerant dominant
    abundant instant elegant pleasant unpleasant distant brilliant reluctant hesitant vigilant observant
    hidden written rewritten overwritten taken given forgotten chosen stolen broken spoken proven frozen shaken driven
    forbidden mistaken overridden ridden beaten bitten fallen gotten sworn torn worn woken drawn known unknown shown
    sewn grown thrown blown seen done gone begotten misgiven undertaken open often even eleven seven fifteen
    missing expiring changing pending rotating working failing matching loading existing remaining outstanding
    incoming outgoing ongoing lacking corresponding following preceding underlying resulting conflicting trailing
    leading repeating refreshing updating resetting being having containing including using requiring accepting
    confusing annoying boring misleading interesting amazing nothing something anything everything
    wrong strong long during according rejecting expecting waiting running starting stopping setting getting
    sending syncing caching storing saving printing logging leaking showing hiding masking checking blocking locking
    renewing regenerating generating encrypting hashing salting enforcing protecting guarding sharing spelling
    typing entering pasting copying prompting asking coming going changing growing aging ageing exceeding
    exceeding meeting passing lasting overlapping duplicating mismatching encoding decoding truncating
    trimming padding breaking corrupting coded""".split())
# Words that carry the clause on after a participle or adjective ("is hashed with", "is different per site").
_GOES_ON = re.compile(r"[ \t]{1,16}(?:by|with|in|on|at|to|for|from|into|onto|using|via|and|or|but|as|when|if|because|after|"
                      r"before|unless|per|across|between|against|under|over|through|during|within|without|than|so|"
                      r"once|whenever|while|upon|automatically|separately|correctly|properly|again)\b", re.I)


_COMPOUND = re.compile(r"[A-Za-z]{3,16}(?:-[A-Za-z]{3,16}){1,3}")


def said_word(value: str, after: str = "") -> bool:
    """A plain word said as the password (`hunter`, `Bramble`, `crumpled`), not one saying something about it.
    after: the text that follows the word on its line."""
    if "-" in value and _COMPOUND.fullmatch(value):
        head, _, value = value.rpartition("-")  # `frozen-lantern`: the last word says what it is
        if any(part.lower() in _ABOUT_IT for part in head.split("-")):
            return False
    low = value.lower()
    if _PROSE_WORD.fullmatch(value) is None or low in _ABOUT_IT or (value.isupper() and len(value) > 1):
        return False
    if low.endswith(_ABOUT_SUFFIXES):
        return False
    if low.endswith(_JUDGED_SUFFIXES):
        return low not in _DESCRIBING and _GOES_ON.match(after) is None
    return True


# "the password is hunter2", "your new passphrase was Tr0ub4dor&3": short values count when letters and digits
# mix as in a typed password, unlike technical words with numbers (`sha256-hashed`, `utf8`), versions, dates,
# paths, URLs and references.
_PROSE_PASSWORD = re.compile(r"(?i)\b(?:password|passwd|passphrase|passcode)[ \t]+(?:is|was)[ \t]+"
                             r"(?:set[ \t]+to[ \t]+)?[\"'`]?(?P<val>[^\s\"'`]{6,64})")
# An account named, then its password without `is` or a colon: "user ops, password verdant", "SSID guest, password
# tangled", "login: admin / password hunter".
_NAMED_PAIR = re.compile(r"(?i)\b(?:user(?:name)?|login|ssid|account)[ \t]*[:=]?[ \t]+[\w.@-]{1,64}[ \t]*[,;/]?[ \t]*"
                         r"(?:and[ \t]+)?(?:password|passphrase|passwd)[ \t]+[\"'`]?(?P<val>[^\s\"'`:=]{4,64})")
_PHRASES = ("password is", "password was", "passphrase is", "passphrase was", "passcode is", "passcode was",
            "passwd is", "passwd was")


def find_prose_passwords(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for pattern, words in ((_PROSE_PASSWORD, _PHRASES), (_NAMED_PAIR, ("password", "passphrase", "passwd"))):
        for m in scan.finditer(pattern, words):
            value = m.group("val").rstrip(".,;:!?)")
            end = m.start("val") + len(value)
            after = text[end:text.find("\n", end) if "\n" in text[end:end + 256] else end + 256]
            if (len(value) >= 6 and typed_like_a_password(value) or said_word(value, after)) and not is_placeholder(value):
                yield "password", m.start("val"), end
