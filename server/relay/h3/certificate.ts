import {
  bitString,
  boolean,
  explicit,
  implicit,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from "./asn1.ts";

/** A server certificate and key in the forms the QUIC endpoint and browsers need. */
export interface ServerCertificate {
  /** PEM certificate chain for `Deno.QuicEndpoint.listen`. */
  readonly certPem: string;
  /** PEM PKCS#8 private key. */
  readonly keyPem: string;
  /** DER bytes of the leaf certificate. */
  readonly der: Uint8Array;
  /** SHA-256 over {@link der}: the value for `serverCertificateHashes`. */
  readonly sha256: Uint8Array;
  /** {@link sha256} as lowercase hex. */
  readonly sha256Hex: string;
}

/** Options for {@link generateCertificate}. */
export interface GenerateCertificateOptions {
  /** Subject common name. Default "localhost". */
  readonly commonName?: string;
  /** DNS names for subjectAltName. Default ["localhost"]. */
  readonly dnsNames?: readonly string[];
  /** IPv4/IPv6 literals for subjectAltName. Default ["127.0.0.1", "::1"]. */
  readonly ipAddresses?: readonly string[];
  /**
   * Whole validity period in days. Browsers accept `serverCertificateHashes`
   * only below 14 days. Default 10.
   */
  readonly validityDays?: number;
  /** Clock, for tests. Default `Date.now()`. */
  readonly nowMs?: number;
}

/** OIDs used in the certificate (RFC 5280, RFC 5480, RFC 5758). */
const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2", // RFC 5758 §3.2
  commonName: "2.5.4.3", // X.520
  subjectAltName: "2.5.29.17", // RFC 5280 §4.2.1.6
  basicConstraints: "2.5.29.19", // RFC 5280 §4.2.1.9
  keyUsage: "2.5.29.15", // RFC 5280 §4.2.1.3
  extKeyUsage: "2.5.29.37", // RFC 5280 §4.2.1.12
  serverAuth: "1.3.6.1.5.5.7.3.1", // RFC 5280 §4.2.1.12 id-kp-serverAuth
} as const;

const MAX_VALIDITY_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * Generates an ECDSA P-256 self-signed X.509 v3 certificate with WebCrypto.
 * Its validity starts one hour in the past (clock skew) and lasts
 * `validityDays` in total, so Chromium accepts it via `serverCertificateHashes`.
 */
export async function generateCertificate(
  options: GenerateCertificateOptions = {},
): Promise<ServerCertificate> {
  const validityDays = options.validityDays ?? 10;
  if (!(validityDays > 0 && validityDays < MAX_VALIDITY_DAYS)) {
    throw new RangeError(`validityDays must be in (0, ${MAX_VALIDITY_DAYS})`);
  }
  const nowMs = options.nowMs ?? Date.now();
  const notBefore = new Date(Math.floor((nowMs - 3_600_000) / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + validityDays * DAY_MS);

  const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keys.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", keys.privateKey));

  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = serial[0]! & 0x7f; // RFC 5280 §4.1.2.2: positive, at most 20 octets
  const name = sequence(
    set(sequence(oid(OID.commonName), utf8String(options.commonName ?? "localhost"))),
  );
  const algorithm = sequence(oid(OID.ecdsaWithSha256)); // RFC 5758 §3.2: parameters absent

  const tbs = sequence(
    explicit(0, smallInteger(2)), // RFC 5280 §4.1.2.1 version v3
    unsignedInteger(serial), // RFC 5280 §4.1.2.2 serialNumber
    algorithm, // RFC 5280 §4.1.2.3 signature
    name, // RFC 5280 §4.1.2.4 issuer
    sequence(time(notBefore), time(notAfter)), // RFC 5280 §4.1.2.5 validity
    name, // RFC 5280 §4.1.2.6 subject
    spki, // RFC 5280 §4.1.2.7 subjectPublicKeyInfo (WebCrypto writes it in DER)
    explicit(3, sequence(...extensions(options))), // RFC 5280 §4.1.2.9 extensions
  );

  const raw = new Uint8Array(
    await crypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" },
      keys.privateKey,
      tbs as Uint8Array<ArrayBuffer>,
    ),
  );
  const der = sequence(tbs, algorithm, bitString(ecdsaSignatureToDer(raw))); // RFC 5280 §4.1.1
  return certificateFromParts(der, toPem("CERTIFICATE", der), toPem("PRIVATE KEY", pkcs8));
}

function extensions(options: GenerateCertificateOptions): Uint8Array[] {
  const altNames = [
    ...(options.dnsNames ?? ["localhost"]).map((dns) => implicit(2, ascii(dns))), // dNSName
    ...(options.ipAddresses ?? ["127.0.0.1", "::1"]).map((ip) => implicit(7, ipBytes(ip))), // iPAddress
  ];
  return [
    sequence(oid(OID.subjectAltName), octetString(sequence(...altNames))),
    // basicConstraints critical, cA FALSE (default, so the SEQUENCE is empty)
    sequence(oid(OID.basicConstraints), boolean(true), octetString(sequence())),
    // keyUsage critical: digitalSignature (bit 0) -> one byte 0x80 with 7 unused bits
    sequence(oid(OID.keyUsage), boolean(true), octetString(bitString(Uint8Array.of(0x80), 7))),
    sequence(oid(OID.extKeyUsage), octetString(sequence(oid(OID.serverAuth)))),
  ];
}

/** Converts a WebCrypto ECDSA signature (r || s) to DER Ecdsa-Sig-Value (RFC 3279 §2.2.3). */
export function ecdsaSignatureToDer(raw: Uint8Array): Uint8Array {
  if (raw.length % 2 !== 0) throw new RangeError("odd ECDSA signature length");
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}

/** Builds a {@link ServerCertificate} from existing PEM texts (e.g. read from files). */
export async function loadCertificate(certPem: string, keyPem: string): Promise<ServerCertificate> {
  const der = fromPem(certPem, "CERTIFICATE");
  return await certificateFromParts(der, certPem, keyPem);
}

/** Reads PEM certificate and key files and builds a {@link ServerCertificate}. */
export async function loadCertificateFiles(
  certPath: string,
  keyPath: string,
): Promise<ServerCertificate> {
  return await loadCertificate(await Deno.readTextFile(certPath), await Deno.readTextFile(keyPath));
}

async function certificateFromParts(
  der: Uint8Array,
  certPem: string,
  keyPem: string,
): Promise<ServerCertificate> {
  const sha256 = new Uint8Array(
    await crypto.subtle.digest("SHA-256", der as Uint8Array<ArrayBuffer>),
  );
  const sha256Hex = Array.from(sha256, (b) => b.toString(16).padStart(2, "0")).join("");
  return { certPem, keyPem, der, sha256, sha256Hex };
}

/** Wraps DER bytes in a PEM block with 64-character base64 lines (RFC 7468 §2). */
export function toPem(label: string, der: Uint8Array): string {
  let binary = "";
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Extracts the DER bytes of the first PEM block with `label` (RFC 7468 §2). */
export function fromPem(pem: string, label: string): Uint8Array {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`no ${label} block in PEM`);
  const binary = atob(match[1]!.replace(/\s+/g, ""));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Bytes of an IPv4 or IPv6 literal (RFC 5280 §4.2.1.6: 4 or 16 octets). */
function ipBytes(ip: string): Uint8Array {
  if (ip.includes(".") && !ip.includes(":")) {
    const parts = ip.split(".").map(Number);
    if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) {
      throw new RangeError(`bad IPv4 ${ip}`);
    }
    return Uint8Array.from(parts);
  }
  const [head = "", tail] = ip.split("::");
  const groups = (s: string) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...new Array<number>(fill).fill(0), ...right];
  if (all.length !== 8 || all.some((g) => !(g >= 0 && g <= 0xffff))) {
    throw new RangeError(`bad IPv6 ${ip}`);
  }
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}
