"""Duplicate detection without a database: canonical URLs, and MinHash fingerprints of article
texts for near-duplicates (the same wire story syndicated with other boilerplate, another title,
a paragraph more or less, other typography).

A store keeps, per article, `canonical_url(url)`, `fingerprint(text).to_bytes()` (a BLOB of
522 bytes) and the rows `(band, bucket, article_id)` of `lsh_keys(fp)`. A new article's
candidates are the stored articles sharing at least one `(band, bucket)` key with it; each
candidate is confirmed with `is_near_duplicate(fp, Fingerprint.from_bytes(blob))`.

Everything here is deterministic: no Python `hash()`, a fixed MinHash seed, BLAKE2b word hashes
and BLAKE2b bucket hashes, so signatures and keys are the same in every process and every run.
They change only when `SCHEME` changes (then stored fingerprints must be recomputed)."""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import LeanMinHash, MinHash

__all__ = [
    "canonical_url",
    "normalise",
    "Fingerprint",
    "fingerprint",
    "lsh_keys",
    "similarity",
    "is_near_duplicate",
    "NUM_PERM",
    "SEED",
    "SHINGLE_WORDS",
    "BANDS",
    "ROWS",
    "LSH_THRESHOLD",
    "THRESHOLD",
    "MIN_WORDS",
]

# --------------------------------------------------------------------------------------------
# Canonical URLs
# --------------------------------------------------------------------------------------------

#: Query parameters that only say how the reader arrived (campaign, click and share trackers).
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "xtor", "xtref", "ocid", "cmpid", "ito", "intcmp",
    "wt.mc_id", "ref_src", "ref_url",
})
#: Prefixes of tracking parameters: Google Analytics (utm_), AT Internet / Piano (at_), comScore
#: (ns_), Matomo / Piwik (mtm_, pk_).
TRACKING_PREFIXES = ("utm_", "at_", "ns_", "mtm_", "pk_")
#: Query parameters that ask for the AMP version of the same page.
AMP_PARAMS = frozenset({"amp", "outputtype", "output"})
_AMP_VALUES = frozenset({"", "1", "true", "amp"})
#: Host prefixes of the same site's desktop, mobile and AMP variants.
HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def _escape(match: re.Match[str]) -> str:
    char = chr(int(match[1], 16))
    return char if char in _UNRESERVED else "%" + match[1].upper()


def _is_tracking(key: str, value: str) -> bool:
    key = key.lower()
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
        return True
    return key in AMP_PARAMS and value.lower() in _AMP_VALUES


def _host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in HOST_PREFIXES:
        # only when a registrable-looking name (two labels or more) is left: "m.example.com" -> "example.com"
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def _path(path: str) -> str:
    path = quote(_ESCAPE.sub(_escape, path), safe=_PATH_SAFE)
    segments = path.split("/")
    if len(segments) > 3 and segments[1].lower() == "amp":  # /amp/2025/05/12/story -> /2025/05/12/story
        segments = [""] + segments[2:]
    while len(segments) > 2 and segments[-1] == "":  # trailing slashes
        segments.pop()
    if len(segments) > 2 and segments[-1].lower() == "amp":  # /story/amp -> /story
        segments.pop()
    last = segments[-1]
    if last.lower().endswith(".amp") and len(last) > 4:  # /articles/c4nn.amp -> /articles/c4nn
        segments[-1] = last[:-4]
    path = "/".join(segments)
    return path or "/"


def canonical_url(url: str) -> str:
    """One spelling per page, for recognising the same article under several URLs.

    Conservative: only changes that never point to another page on a news site.

    - surrounding whitespace, the user name and password, and the fragment are dropped (a
      "#!" fragment, which old AJAX sites used as a path, is kept);
    - the scheme and host are lowercased and a trailing dot of the host dropped; "http" becomes
      "https" and the port is dropped when it is the scheme's default (80, 443), otherwise both
      are kept;
    - a leading "www.", "m.", "mobile." or "amp." of the host is dropped when at least two labels
      remain ("www.lemonde.fr" -> "lemonde.fr", but "m.fr" stays);
    - the path keeps its case; percent-escapes are uppercased, escaped unreserved characters
      decoded, other characters escaped ("é" -> "%C3%A9"), trailing slashes removed (the root
      stays "/"), and AMP variants folded: a leading "/amp/" segment, a trailing "/amp" segment,
      a ".amp" suffix of the last segment;
    - query parameters that track the reader are dropped (`TRACKING_PARAMS`, names starting
      with `TRACKING_PREFIXES`, and "amp", "amp=1", "outputType=amp"), the others are sorted by
      name (repeated names keep their order) and re-encoded.

    A string that is not an absolute http(s) URL is returned stripped, otherwise unchanged.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = _host(parts.hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[scheme]:
        scheme = "https"
    else:  # another port: another server, keep the scheme too
        host = f"{host}:{port}"
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k, v)]
    pairs.sort(key=lambda kv: kv[0])
    query = urlencode(pairs, quote_via=quote)
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, host, _path(parts.path), query, fragment))


# --------------------------------------------------------------------------------------------
# Near-duplicate texts
# --------------------------------------------------------------------------------------------

#: Bump when the normalisation, the shingles, the seed or the hashing change: signatures of
#: another scheme are refused by `Fingerprint.from_bytes`.
SCHEME = 1
#: MinHash permutations (the standard error of a similarity estimate is about 0.04).
NUM_PERM = 128
#: Fixed MinHash seed: the permutations, hence the signatures, are the same everywhere.
SEED = 20250512
#: Words per shingle. Five words are specific enough that two different stories on the same
#: topic share few shingles, short enough that a changed word costs only five shingles.
SHINGLE_WORDS = 5
#: Texts of fewer normalised words are near-duplicates only of a text with the same words: with
#: so few shingles, a shared dateline and a stock phrase would make two briefs look alike.
MIN_WORDS = 30
#: Similarity from which `is_near_duplicate` says yes (by default).
THRESHOLD = 0.5
#: Banded LSH: BANDS bands of ROWS MinHash values each (125 of the 128 values are used). (25, 5)
#: is what datasketch.lsh._optimal_param(0.5, 128, 0.5, 0.5) gives (and also the optimum for 0.55
#: when a missed duplicate weighs 0.7 and a needless candidate 0.3). A pair of similarity s becomes
#: a candidate with probability 1 - (1 - s**5)**25: 0.06 at s = 0.3, 0.23 at 0.4, 0.55 at 0.5,
#: 0.87 at 0.6, 0.99 at 0.7. Syndicated copies of a ~250-word wire story (other boilerplate and
#: title, one or two paragraphs dropped, other typography) measure 0.67 to 1.0, two stories on the
#: same topic with the same actors about 0.02 (tests/test_dedup.py): copies are found with
#: probability 0.98 or more, and unrelated articles are almost never candidates (8e-8 per pair
#: at s = 0.02), so a lookup costs a handful of `similarity` checks even against millions.
BANDS, ROWS = 25, 5
#: The similarity where a pair becomes a candidate with probability 1/2: (1/BANDS)**(1/ROWS).
LSH_THRESHOLD = (1 / BANDS) ** (1 / ROWS)

_MAGIC = b"VMH"
_HEADER = struct.Struct("<3sBHI")  # magic, scheme, num_perm, words
_WORD = re.compile(r"[^\W_]+")
_MARK = "Mn"
_P = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime: the multiplier of the rolling shingle hash
_MASK32 = np.uint64(0xFFFFFFFF)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")  # permutations computed once
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
_WORD_HASHES: dict[str, int] = {}  # word as found -> hash of its folded form (bounded, see _word_hash)
_CACHE_SIZE = 200_000


def _tokens(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _fold(word: str) -> str:
    """The word without its accents: "armée" -> "armee", "ŝ" -> "s"."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if unicodedata.category(ch) != _MARK)


def _word_hash(word: str) -> int:
    if len(_WORD_HASHES) >= _CACHE_SIZE:
        _WORD_HASHES.clear()
    value = _WORD_HASHES[word] = int.from_bytes(hashlib.blake2b(_fold(word).encode(), digest_size=8).digest(), "little")
    return value


def normalise(text: str) -> list[str]:
    """The words of `text` as compared: NFKC, casefolded, accents removed, punctuation (quotes,
    apostrophes, dashes...) and underscores as word breaks. "L’armée « a dit »" and
    "l'Armee \"a dit\"" give the same words: ["l", "armee", "a", "dit"]."""
    return [_fold(word) for word in _tokens(text)]


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """A MinHash signature of a text's word shingles, and the text's number of words."""

    hashvalues: np.ndarray  # NUM_PERM uint32 values
    words: int

    def to_bytes(self) -> bytes:
        """522 bytes: "VMH", scheme, number of permutations, words, then the values (uint32 LE)."""
        return _HEADER.pack(_MAGIC, SCHEME, len(self.hashvalues), min(self.words, 2**32 - 1)) + \
            self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """The fingerprint `to_bytes` wrote; ValueError for anything else or another scheme."""
        if len(data) < _HEADER.size:
            raise ValueError("not a veille fingerprint: too short")
        magic, scheme, num_perm, words = _HEADER.unpack_from(data)
        if magic != _MAGIC:
            raise ValueError("not a veille fingerprint")
        if scheme != SCHEME or num_perm != NUM_PERM:
            raise ValueError(f"fingerprint of scheme {scheme} with {num_perm} permutations; "
                             f"this veille uses scheme {SCHEME} with {NUM_PERM}: recompute it")
        if len(data) != _HEADER.size + 4 * num_perm:
            raise ValueError("not a veille fingerprint: wrong length")
        values = np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
        return cls(values, words)

    @property
    def minhash(self) -> LeanMinHash:
        """The datasketch MinHash (for datasketch's own LSH indexes and estimators)."""
        return LeanMinHash(MinHash(seed=SEED, hashvalues=self.hashvalues, scheme="affine32"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fingerprint) and self.words == other.words and \
            bool(np.array_equal(self.hashvalues, other.hashvalues))

    def __hash__(self) -> int:
        return hash((self.words, self.hashvalues.tobytes()))


def fingerprint(text: str) -> Fingerprint:
    """The MinHash of the set of SHINGLE_WORDS-word shingles of `normalise(text)`.

    Each folded word is hashed once (BLAKE2b, 64 bits); a shingle's hash is the polynomial
    rolling hash of its words' hashes (mod 2**64, multiplier the FNV prime) folded to 32 bits;
    the shingle hashes go through datasketch's MinHash (NUM_PERM permutations, seed SEED,
    scheme "affine32", which avalanches its input with the MurmurHash3 finalizer). A text shorter
    than one shingle is one shingle; an empty text has the empty signature (all 2**32-1)."""
    tokens = _tokens(text)
    count = len(tokens)
    if not count:
        return Fingerprint(_EMPTY.copy(), 0)
    cache = _WORD_HASHES
    words = np.fromiter((cache.get(w) or _word_hash(w) for w in tokens), dtype=np.uint64, count=count)
    k = min(SHINGLE_WORDS, count)
    n = count - k + 1
    shingles = words[:n].copy()
    for j in range(1, k):
        shingles *= _P
        shingles += words[j : j + n]
    shingles = (shingles ^ (shingles >> np.uint64(32))) & _MASK32
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=int,
                      permutations=_TEMPLATE.permutations)
    minhash.update_batch(shingles.tolist())
    return Fingerprint(minhash.hashvalues.astype(np.uint32), count)


def lsh_keys(fp: Fingerprint) -> list[tuple[int, int]]:
    """The BANDS keys `(band, bucket)` of a fingerprint: `band` in 0..BANDS-1, `bucket` a BLAKE2b
    hash of the band's ROWS values, in 0..2**63-1 (fits a signed SQL BIGINT and a SQLite
    INTEGER). Two texts are LSH candidates when they share a key; see BANDS for the odds."""
    data = fp.hashvalues.astype("<u4").tobytes()
    width = 4 * ROWS
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(data[band * width : (band + 1) * width], digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little") >> 1))
    return keys


def similarity(fp1: Fingerprint, fp2: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets, 0.0 to 1.0 (two empty texts: 1.0)."""
    return float(np.count_nonzero(fp1.hashvalues == fp2.hashvalues)) / len(fp1.hashvalues)


def is_near_duplicate(fp1: Fingerprint, fp2: Fingerprint, threshold: float = THRESHOLD) -> bool:
    """Whether two texts are copies of one story: similarity at least `threshold`.

    A text of fewer than MIN_WORDS words (an empty one included) is a near-duplicate only of a
    text with the same number of words and the same signature (the same words, up to case,
    accents, punctuation and spacing): short briefs are not merged on a shared phrase."""
    if min(fp1.words, fp2.words) < MIN_WORDS:
        return fp1.words == fp2.words > 0 and bool(np.array_equal(fp1.hashvalues, fp2.hashvalues))
    return similarity(fp1, fp2) >= threshold
