#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# tests/integration/oddcert.py - client certificates, signed by the
# development CA, whose subject names are malformed in the ways a forger
# would try, to show that carexd reads the CN as the ASN.1 string it is.
#
#   oddcert.py CA.pem CA.key OUT-PREFIX KIND CODE
#
# KIND: nul (CODE, a NUL, then ".evil"), two (CN=CODE, then CN=other),
# tworev (CN=other, then CN=CODE),
# bmp (CODE as a BMPString), teletex (CODE as a T61String), newline (CODE,
# a newline and a forged log line), none (no CN, O=CODE), plain (CODE, as
# an honest certificate would have it). Writes OUT-PREFIX.pem and .key.
import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ca_pem, ca_key, out, kind, code = sys.argv[1:6]
with open(ca_pem, "rb") as f:
    ca = x509.load_pem_x509_certificate(f.read())
with open(ca_key, "rb") as f:
    cakey = serialization.load_pem_private_key(f.read(), None)

CN = NameOID.COMMON_NAME
O = NameOID.ORGANIZATION_NAME
attrs = {
    "nul": [x509.NameAttribute(CN, code + "\x00.evil")],
    "two": [x509.NameAttribute(CN, code), x509.NameAttribute(CN, "gp-99999")],
    "tworev": [x509.NameAttribute(CN, "gp-99999"), x509.NameAttribute(CN, code)],
    "bmp": [x509.NameAttribute(CN, code, _ASN1Type.BMPString)],
    "teletex": [x509.NameAttribute(CN, code, _ASN1Type.T61String)],
    "newline": [x509.NameAttribute(
        CN, code + "\nevent=forged participant=adrs-glasgow")],
    "none": [x509.NameAttribute(O, code)],
    "plain": [x509.NameAttribute(CN, code)],
}[kind]

key = ec.generate_private_key(ec.SECP256R1())
now = datetime.datetime.now(datetime.timezone.utc)
cert = (x509.CertificateBuilder()
        .subject_name(x509.Name(attrs))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]),
                       critical=False)
        .sign(cakey, hashes.SHA256()))
with open(out + ".pem", "wb") as f:
    f.write(cert.public_bytes(serialization.Encoding.PEM))
with open(out + ".key", "wb") as f:
    f.write(key.private_bytes(serialization.Encoding.PEM,
                              serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))
