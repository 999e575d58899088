"""RFC 3161 trusted timestamps of a WACZ signature: ask a timestamp authority (TSA) for one, and check one.

As in the WACZ Signing and Verification spec, the stamped message is the `signature` string of `signedData`; the
TSA's reply goes into `timeSignature` (base64 DER TimeStampResp) and its certificates into `timestampCert` (PEM).
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

_SHA256 = bytes.fromhex("608648016503040201")  # OID 2.16.840.1.101.3.4.2.1
_DIGESTS = {_SHA256: hashes.SHA256, bytes.fromhex("608648016503040202"): hashes.SHA384,
            bytes.fromhex("608648016503040203"): hashes.SHA512}
_MESSAGE_DIGEST = bytes.fromhex("2a864886f70d010904")  # OID 1.2.840.113549.1.9.4
_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")  # OID 1.2.840.113549.1.7.2
_TST_INFO = bytes.fromhex("2a864886f70d0109100104")  # OID 1.2.840.113549.1.9.16.1.4
# signatureAlgorithm of a SignerInfo: ecdsa-with-SHA256/384/512, rsaEncryption, sha256/384/512WithRSAEncryption
_SIGNATURE_ALGORITHMS = {bytes.fromhex(h) for h in ("2a8648ce3d040302", "2a8648ce3d040303", "2a8648ce3d040304",
                                                     "2a864886f70d010101", "2a864886f70d01010b", "2a864886f70d01010c",
                                                     "2a864886f70d01010d")}
_TIME_STAMPING = x509.oid.ExtendedKeyUsageOID.TIME_STAMPING


@dataclass(frozen=True)
class Stamp:
    """A checked timestamp: when the TSA saw the message, who the TSA is, its certificates (PEM)."""

    time: datetime
    authority: str
    certificates: str


def _tlv(tag: int, body: bytes) -> bytes:
    """One DER element."""
    if len(body) < 0x80:
        return bytes([tag, len(body)]) + body
    size = len(body).to_bytes((len(body).bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + body


def request(message: bytes, nonce: int) -> bytes:
    """A DER TimeStampReq for sha256(*message*), asking for the TSA's certificate."""
    imprint = _tlv(0x30, _tlv(0x30, _tlv(0x06, _SHA256) + b"\x05\x00") + _tlv(0x04, hashlib.sha256(message).digest()))
    return _tlv(0x30, b"\x02\x01\x01" + imprint + _tlv(0x02, nonce.to_bytes((nonce.bit_length() + 8) // 8, "big")) + b"\x01\x01\xff")


def fetch(url: str, message: bytes, timeout: float = 30) -> tuple[bytes, Stamp]:
    """Ask the TSA at *url* to stamp *message*; return its reply (DER) and the checked stamp. ValueError, OSError."""
    nonce = secrets.randbits(120)
    sent = urllib.request.Request(url, data=request(message, nonce), method="POST",
                                  headers={"Content-Type": "application/timestamp-query"})
    with urllib.request.urlopen(sent, timeout=timeout) as reply:  # noqa: S310 (the operator's TSA setting)
        answer = reply.read()
    return answer, check(answer, message, nonce)


def _read(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of contents, end of contents) of the DER element at *pos*."""
    if pos + 2 > len(data):
        raise ValueError("truncated DER")
    tag, size, pos = data[pos], data[pos + 1], pos + 2
    if size & 0x80:
        count = size & 0x7F
        size, pos = int.from_bytes(data[pos : pos + count], "big"), pos + count
    if pos + size > len(data):
        raise ValueError("truncated DER")
    return tag, pos, pos + size


def _items(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(tag, element start, contents start, end) of each element between *start* and *end*."""
    found, pos = [], start
    while pos < end:
        tag, body, stop = _read(data, pos)
        found.append((tag, pos, body, stop))
        pos = stop
    return found


def check(answer: bytes, message: bytes, nonce: int | None = None) -> Stamp:
    """Check a TimeStampResp for *message*: granted, imprint, CMS signature by a time-stamping certificate whose
    chain (as the reply carries it) is signed link by link. ValueError when anything is wrong.

    Trust in the authority itself (is its root one you trust?) is the reader's call: `Stamp.certificates` shows it.
    """
    try:
        return _check(answer, message, nonce)
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 (malformed DER surfaces as IndexError, UnsupportedAlgorithm, …)
        raise ValueError(f"malformed timestamp reply ({type(exc).__name__})") from None


def _check(answer: bytes, message: bytes, nonce: int | None) -> Stamp:
    """`check` without the error mapping."""
    tag, body, end = _read(answer, 0)
    if tag != 0x30 or end != len(answer):
        raise ValueError("not one DER TimeStampResp")
    parts = _items(answer, body, end)
    status = _items(answer, parts[0][2], parts[0][3])
    if int.from_bytes(answer[status[0][2] : status[0][3]], "big") not in (0, 1) or len(parts) < 2:
        raise ValueError("the timestamp authority did not grant the request")
    token = _items(answer, parts[1][2], parts[1][3])  # ContentInfo: signedData OID, [0] SignedData
    signed = _items(answer, token[1][2], token[1][3])
    signed = _items(answer, signed[0][2], signed[0][3])
    content = _items(answer, signed[2][2], signed[2][3])  # encapContentInfo: TSTInfo OID, [0] OCTET STRING
    if (answer[token[0][2] : token[0][3]], answer[content[0][2] : content[0][3]]) != (_SIGNED_DATA, _TST_INFO):
        raise ValueError("not a timestamp token")
    octets = _items(answer, content[1][2], content[1][3])[0]
    tst_der = answer[octets[2] : octets[3]]
    tst = _items(tst_der, *_read(tst_der, 0)[1:])
    imprint = _items(tst_der, tst[2][2], tst[2][3])
    algorithm = _items(tst_der, imprint[0][2], imprint[0][3])[0]
    if tst_der[algorithm[2] : algorithm[3]] != _SHA256 or tst_der[imprint[1][2] : imprint[1][3]] != hashlib.sha256(message).digest():
        raise ValueError("the timestamp is not of this signature")
    when = datetime.strptime(tst_der[tst[4][2] : tst[4][3]].decode("ascii")[:14], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    if nonce is not None and not any(t == 0x02 and int.from_bytes(tst_der[b:e], "big") == nonce for t, _, b, e in tst[5:]):
        raise ValueError("the timestamp authority's reply does not carry our nonce")
    certificates = [x509.load_der_x509_certificate(answer[start:stop]) for item in signed if item[0] == 0xA0
                    for _, start, _, stop in _items(answer, item[2], item[3])]
    signer = _items(answer, signed[-1][2], signed[-1][3])[0]
    info = _items(answer, signer[2], signer[3])
    digest_alg = _items(answer, info[2][2], info[2][3])[0]
    digest = _DIGESTS.get(answer[digest_alg[2] : digest_alg[3]])
    attrs = info[3]
    listed = [answer[a[2] : a[3]] for _, s, _, e in _items(answer, signed[1][2], signed[1][3]) for a in _items(answer, s + 2, e)[:1]]
    sig_alg = _items(answer, info[4][2], info[4][3])[0]
    if digest is None or attrs[0] != 0xA0 or answer[digest_alg[2] : digest_alg[3]] not in listed or \
            answer[sig_alg[2] : sig_alg[3]] not in _SIGNATURE_ALGORITHMS:
        raise ValueError("unsupported timestamp signature")
    sid = _items(answer, info[1][2], info[1][3]) if info[1][0] == 0x30 else []  # issuerAndSerialNumber
    wanted = hashlib.new(digest.name, tst_der).digest()
    if not any(answer[a[2] : a[3]].startswith(_tlv(0x06, _MESSAGE_DIGEST)) and _tlv(0x04, wanted) in answer[a[2] : a[3]]
               for a in _items(answer, attrs[2], attrs[3])):
        raise ValueError("the timestamp token's message digest does not match")
    signed_attrs = b"\x31" + answer[attrs[1] + 1 : attrs[3]]
    signature = answer[info[5][2] : info[5][3]]
    for certificate in certificates:
        if sid and (certificate.issuer.public_bytes() != answer[sid[0][1] : sid[0][3]]
                    or certificate.serial_number != int.from_bytes(answer[sid[1][2] : sid[1][3]], "big")):
            continue
        if _signed_by(certificate, signature, signed_attrs, digest()):
            try:
                usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
            except x509.ExtensionNotFound:
                usage = x509.ExtendedKeyUsage([])
            if _TIME_STAMPING not in usage:
                raise ValueError("the signing certificate is not for time stamping")
            for link in certificates:  # each certificate whose issuer the reply carries is signed by it
                issuer = next((c for c in certificates if c.subject == link.issuer), None)
                if issuer is not None:
                    link.verify_directly_issued_by(issuer)
            pem = "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in certificates)
            return Stamp(when, certificate.subject.rfc4514_string(), pem)
    raise ValueError("the timestamp token's signature does not verify with its certificates")


def _signed_by(certificate: x509.Certificate, signature: bytes, data: bytes, digest: hashes.HashAlgorithm) -> bool:
    """Whether *certificate*'s key made *signature* over *data*."""
    key = certificate.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), digest)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(digest))
        else:
            return False
    except Exception:  # noqa: BLE001 (InvalidSignature, or a malformed signature for this key type)
        return False
    return True
