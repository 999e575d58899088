"""The archive's signing key: ECDSA P-384 (as ArchiveWeb.page and ReplayWeb.page use), created on first use.

A WACZ's `datapackage-digest.json` carries an anonymous signature in the sense of the WACZ Signing and Verification
spec: `signature` is ECDSA with SHA-256 over the UTF-8 `hash` string, in IEEE P1363 form (r || s, what WebCrypto
produces and verifies), base64; `publicKey` is the base64 DER SubjectPublicKeyInfo of the key.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

CURVE = ec.SECP384R1()
_SIZE = 48  # bytes of r and of s on P-384
KEY_FILE = "signing-key.pem"  # beside the archive database unless a setting (SIGNING_KEY) says otherwise


def default_path(db: str | Path) -> Path:
    """Where the archive key of the database *db* lives when no setting names another file."""
    return Path(db).parent / KEY_FILE


def load(path: str | Path, create: bool = True) -> ec.EllipticCurvePrivateKey:
    """The private key in *path*; with *create*, a new one is made there (mode 0600) when the file does not exist."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise
        key = ec.generate_private_key(CURVE)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return load(path, create=False)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        return key
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:  # not PEM, or encrypted
        raise ValueError(f"{path}: not a PEM private key without a password ({str(exc).split('.')[0]})") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != CURVE.name:
        raise ValueError(f"{path}: not an ECDSA P-384 private key")
    return key


def public_b64(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> str:
    """The public key as WACZ `publicKey`: base64 of its DER SubjectPublicKeyInfo."""
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode("ascii")


def fingerprint(public_key_b64: str) -> str:
    """SHA-256 of the DER public key, hex in groups of four: what a reader compares by eye."""
    digest = hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def public_pem(key: ec.EllipticCurvePrivateKey) -> str:
    """The public key as PEM text."""
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def sign(key: ec.EllipticCurvePrivateKey, message: str) -> str:
    """Base64 P1363 ECDSA/SHA-256 signature of *message* (UTF-8)."""
    r, s = decode_dss_signature(key.sign(message.encode("utf-8"), ec.ECDSA(hashes.SHA256())))
    return base64.b64encode(r.to_bytes(_SIZE, "big") + s.to_bytes(_SIZE, "big")).decode("ascii")


def verify(public_key_b64: str, message: str, signature_b64: str) -> bool:
    """Whether *signature_b64* (P1363 or DER) signs *message* under the base64 DER public key."""
    try:
        public = serialization.load_der_public_key(base64.b64decode(public_key_b64, validate=True))
        raw = base64.b64decode(signature_b64, validate=True)
    except ValueError:
        return False
    if not isinstance(public, ec.EllipticCurvePublicKey):
        return False
    size = (public.curve.key_size + 7) // 8
    der = encode_dss_signature(int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big")) if len(raw) == 2 * size else raw
    try:
        public.verify(der, message.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
