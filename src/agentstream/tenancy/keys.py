"""API key format and hashing.

Keys carry 256 bits of randomness, so a fast keyed-free SHA-256 digest is the right store (as for
GitHub or Stripe tokens): a slow password hash buys nothing against brute force of such keys and
would cost every request a few milliseconds.
"""

import hashlib
import secrets
from dataclasses import dataclass

KEY_PREFIX = "as_"


@dataclass(frozen=True, slots=True)
class NewKey:
    """A freshly generated key: `secret` is shown once, only `digest` and `prefix` are stored."""

    secret: str
    prefix: str
    digest: str


def hash_key(secret: str) -> str:
    """The stored digest of a key."""
    return hashlib.sha256(secret.encode()).hexdigest()


def generate_key() -> NewKey:
    """A new random API key."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    return NewKey(secret=secret, prefix=secret[:10], digest=hash_key(secret))
