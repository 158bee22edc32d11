import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { derLength, oid, smallInteger, time, unsignedInteger } from "./asn1.ts";
import {
  ecdsaSignatureToDer,
  fromPem,
  generateCertificate,
  loadCertificate,
} from "./certificate.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const DAY_MS = 86_400_000;

Deno.test("asn1: DER primitives (X.690)", () => {
  assert.equal(hex(derLength(0x7f)), "7f"); // short form
  assert.equal(hex(derLength(0x80)), "8180"); // long form, 1 length byte
  assert.equal(hex(derLength(0x1234)), "821234");
  assert.equal(hex(oid("1.2.840.10045.4.3.2")), "06082a8648ce3d040302"); // ecdsa-with-SHA256
  assert.equal(hex(oid("2.5.29.17")), "0603551d11"); // subjectAltName
  assert.equal(hex(smallInteger(2)), "020102");
  assert.equal(hex(smallInteger(0)), "020100");
  assert.equal(hex(unsignedInteger(Uint8Array.of(0, 0, 0x80))), "02020080"); // stays positive
  assert.equal(
    hex(time(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))),
    `170d${hex(new TextEncoder().encode("260102030405Z"))}`,
  );
  assert.equal(hex(time(new Date(Date.UTC(2050, 0, 1)))).slice(0, 4), "180f"); // GeneralizedTime
});

Deno.test("certificate: ECDSA P-256, self-signed, valid under 14 days, hash over DER", async () => {
  const nowMs = Date.UTC(2026, 5, 1, 12);
  const cert = await generateCertificate({ nowMs });
  const x509 = new X509Certificate(cert.certPem);
  assert.equal(x509.subject, "CN=localhost");
  assert.equal(x509.issuer, "CN=localhost");
  assert.equal(x509.publicKey.asymmetricKeyType, "ec");
  assert.equal(x509.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
  assert.ok(x509.verify(x509.publicKey), "self-signature verifies");
  assert.ok(x509.subjectAltName?.includes("DNS:localhost"));
  assert.ok(x509.subjectAltName?.includes("IP Address:127.0.0.1"));
  const from = Date.parse(x509.validFrom);
  const to = Date.parse(x509.validTo);
  assert.ok(to - from < 14 * DAY_MS);
  assert.ok(from <= nowMs && nowMs < to);
  assert.equal(x509.fingerprint256.replaceAll(":", "").toLowerCase(), cert.sha256Hex);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", cert.der as Uint8Array<ArrayBuffer>),
  );
  assert.equal(hex(digest), cert.sha256Hex);
  assert.deepEqual(fromPem(cert.certPem, "CERTIFICATE"), cert.der);
  assert.match(cert.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
});

Deno.test("certificate: DER shape of the TBSCertificate", async () => {
  const { der } = await generateCertificate();
  const text = hex(der);
  assert.equal(der[0], 0x30); // Certificate SEQUENCE
  assert.equal(der[1], 0x82); // two length bytes
  assert.equal((der[2]! << 8) | der[3]!, der.length - 4);
  assert.equal(text.slice(8, 12), "3082"); // tbsCertificate SEQUENCE
  assert.equal(text.slice(16, 26), "a003020102"); // [0] EXPLICIT version v3
  assert.ok(text.includes("06082a8648ce3d040302")); // ecdsa-with-SHA256
  assert.ok(text.includes("06072a8648ce3d0201" + "06082a8648ce3d030107")); // id-ecPublicKey, P-256
  assert.ok(text.includes("0603551d13" + "0101ff")); // basicConstraints, critical
});

Deno.test("certificate: refuses 14 days or more; loads PEM from elsewhere", async () => {
  await assert.rejects(generateCertificate({ validityDays: 14 }), RangeError);
  await assert.rejects(generateCertificate({ validityDays: 0 }), RangeError);
  const made = await generateCertificate({
    validityDays: 2,
    dnsNames: ["relay.test"],
    ipAddresses: ["::1"],
  });
  const loaded = await loadCertificate(made.certPem, made.keyPem);
  assert.equal(loaded.sha256Hex, made.sha256Hex);
  assert.ok(new X509Certificate(made.certPem).subjectAltName?.includes("DNS:relay.test"));
});

Deno.test("certificate: ECDSA r||s to DER keeps integers positive and minimal", () => {
  const raw = new Uint8Array(64);
  raw[0] = 0x80; // r needs a leading zero
  raw[63] = 0x01; // s is 1 after stripping zeros
  const der = ecdsaSignatureToDer(raw);
  assert.equal(hex(der).slice(0, 10), "3026" + "022100"); // SEQUENCE, INTEGER of 33 bytes
  assert.equal(hex(der).slice(-6), "020101");
});
