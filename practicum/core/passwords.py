"""Password hashing (stdlib scrypt) and exam-room friendly candidate passwords."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# No 0/O, 1/I/L: a candidate types this from a paper slip under time pressure.
SLIP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_N, _R, _P = 2**14, 8, 1


def generate_slip_password() -> str:
    """Eight characters in two groups, e.g. 'K7MP-3XQA' (about 40 bits)."""
    raw = "".join(secrets.choice(SLIP_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_candidate_password(password: str) -> str:
    """Candidate passwords ignore case, spaces and dashes, as printed slips invite."""
    return "".join(ch for ch in password.upper() if ch not in " -\t")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${_N}${_R}${_P}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, got)
