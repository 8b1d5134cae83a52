// RA-TLS certificate: self-signed P-256 X.509 with the tagged evidence in non-critical extension 2.23.133.5.4.9.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { HarnessError, isHarnessError } from "../../errors/harness-error.ts";
import { decodeClaimsBuffer, hashSpki, type RatlsClaims } from "./ratls-claims.ts";
import { decodeRatlsCbor, describe, encodeRatlsCbor, plainBytes, ratlsInvalid, Tag } from "./ratls-cbor.ts";
import { generateP256KeyPair, P256, privateKeyPem, spkiDer, x509, type CryptoKeyPair } from "./x509-provider.ts";

/** tcg-dice-tagged-evidence (TCG DICE; interoperable RA-TLS "Evidence" extension). */
export const RATLS_EVIDENCE_OID = "2.23.133.5.4.9";
/**
 * CBOR tag naming the evidence format inside the extension. The interoperable RA-TLS spec
 * (CCC-Attestation/interoperable-ra-tls, docs/Interoperable-RA-TLS-cert-edvidence-formats.md) says only
 * "a CBOR tag registered with IANA or some other registry serves as evidence format ID"; its one
 * per-TEE document (SGX/TDX) still has placeholders <tag1>..<tag3>, and no CCA tag is defined there or in
 * veraison. So we use 399, the tag of the Arm CCA token collection itself (RMM 1.0, IANA-registered for
 * the CCA attestation token), wrapping `[bstr(the CCA token, itself tag 399 or 907), bstr(claims buffer)]`
 * as the SGX/TDX document shapes its evidence. Replace it here if a CCA tag is ever assigned.
 */
export const RATLS_CCA_EVIDENCE_TAG = 399;
/** Upper bound on the evidence bytes (the configfs-tsm outblob of arm-cca-guest is well under this). */
export const MAX_EVIDENCE_BYTES = 64 * 1024;

export interface RatlsKeyPair {
  keys: CryptoKeyPair;
  /** DER SubjectPublicKeyInfo: what "pubkey-hash" hashes. */
  spki: Uint8Array;
  privateKeyPem: string;
}

/** A fresh P-256 key pair for one RA-TLS certificate. */
export async function generateRatlsKeyPair(): Promise<RatlsKeyPair> {
  const keys = await generateP256KeyPair();
  return { keys, spki: await spkiDer(keys.publicKey), privateKeyPem: await privateKeyPem(keys.privateKey) };
}

/** extnValue contents: CBOR `399([bstr evidence, bstr claims_buffer])`. */
export function encodeTaggedEvidence(evidence: Uint8Array, claimsBuffer: Uint8Array): Uint8Array {
  return encodeRatlsCbor(new Tag(RATLS_CCA_EVIDENCE_TAG, [plainBytes(evidence), plainBytes(claimsBuffer)]));
}

/** Strict inverse of encodeTaggedEvidence. */
export function decodeTaggedEvidence(extnValue: Uint8Array): { evidence: Uint8Array; claimsBuffer: Uint8Array } {
  const v = decodeRatlsCbor(extnValue, `extension ${RATLS_EVIDENCE_OID}`);
  if (!(v instanceof Tag)) throw ratlsInvalid(`extension ${RATLS_EVIDENCE_OID} is ${describe(v)}; expected tag ${RATLS_CCA_EVIDENCE_TAG}`);
  if (Number(v.tag) !== RATLS_CCA_EVIDENCE_TAG) throw ratlsInvalid(`extension ${RATLS_EVIDENCE_OID} has tag ${String(v.tag)}; expected ${RATLS_CCA_EVIDENCE_TAG} (Arm CCA)`);
  const c = v.contents;
  if (!Array.isArray(c) || c.length !== 2) throw ratlsInvalid(`tagged evidence is ${describe(c)}; expected [evidence, claims-buffer]`);
  const [evidence, claimsBuffer] = c as [unknown, unknown];
  if (!(evidence instanceof Uint8Array) || evidence.length === 0 || evidence.length > MAX_EVIDENCE_BYTES)
    throw ratlsInvalid(`tagged evidence[0] is ${describe(evidence)}; expected a bstr of 1–${MAX_EVIDENCE_BYTES} bytes`);
  if (!(claimsBuffer instanceof Uint8Array)) throw ratlsInvalid(`tagged evidence[1] is ${describe(claimsBuffer)}; expected the claims buffer bstr`);
  return { evidence: plainBytes(evidence), claimsBuffer: plainBytes(claimsBuffer) };
}

export interface CreateRatlsCertificateOptions {
  keyPair: RatlsKeyPair;
  /** The CCA token (configfs-tsm outblob) whose challenge is teeChallenge(claimsBuffer). */
  evidence: Uint8Array;
  claimsBuffer: Uint8Array;
  /** Default "CN=shieldlab RA-TLS". */
  subject?: string;
  /** Default: now − 1 min … now + 1 h. */
  notBefore?: Date;
  notAfter?: Date;
}

export interface RatlsCertificate {
  der: Uint8Array;
  pem: string;
}

/** Self-signs the certificate; refuses a claims buffer that does not hash this key pair's SPKI. */
export async function createRatlsCertificate(o: CreateRatlsCertificateOptions): Promise<RatlsCertificate> {
  const claims = decodeClaimsBuffer(o.claimsBuffer);
  if (!bytesEqual(claims.pubkeyHash, hashSpki(o.keyPair.spki, claims.pubkeyHashAlg)))
    throw new HarnessError("INVALID_INPUT", `claimsBuffer "pubkey-hash" is not the ${claims.pubkeyHashAlg} of this key pair's SubjectPublicKeyInfo`);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${randomBytes(15).toString("hex")}`,
    name: o.subject ?? "CN=shieldlab RA-TLS",
    notBefore: o.notBefore ?? new Date(now - 60_000),
    notAfter: o.notAfter ?? new Date(now + 3_600_000),
    signingAlgorithm: P256,
    keys: o.keyPair.keys,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.Extension(RATLS_EVIDENCE_OID, false, encodeTaggedEvidence(o.evidence, o.claimsBuffer)),
    ],
  });
  return { der: new Uint8Array(cert.rawData), pem: cert.toString("pem") };
}

export interface ParsedRatlsCertificate {
  evidence: Uint8Array;
  claimsBuffer: Uint8Array;
  claims: RatlsClaims;
  /** DER SubjectPublicKeyInfo of the certificate. */
  spki: Uint8Array;
  certificate: x509.X509Certificate;
}

/** Parses and checks: one non-critical evidence extension, strict CBOR, "pubkey-hash" = hash of this certificate's SPKI. */
export function parseRatlsCertificate(der: Uint8Array): ParsedRatlsCertificate {
  let certificate: x509.X509Certificate;
  let spki: Uint8Array;
  let found: x509.Extension[];
  try {
    // the library decodes lazily: touch everything we use inside the try
    certificate = new x509.X509Certificate(plainBytes(der));
    spki = new Uint8Array(certificate.publicKey.rawData);
    found = certificate.extensions.filter((e) => e.type === RATLS_EVIDENCE_OID);
  } catch (e) {
    throw ratlsInvalid(`not a DER X.509 certificate: ${(e as Error).message}`, e);
  }
  if (found.length === 0) throw ratlsInvalid(`certificate has no evidence extension ${RATLS_EVIDENCE_OID}`);
  if (found.length > 1) throw ratlsInvalid(`certificate has ${found.length} evidence extensions ${RATLS_EVIDENCE_OID}; expected one`);
  const ext = found[0]!;
  if (ext.critical) throw ratlsInvalid(`evidence extension ${RATLS_EVIDENCE_OID} is marked critical; interoperable RA-TLS requires non-critical`);
  const { evidence, claimsBuffer } = decodeTaggedEvidence(new Uint8Array(ext.value));
  const claims = decodeClaimsBuffer(claimsBuffer);
  if (!bytesEqual(claims.pubkeyHash, hashSpki(spki, claims.pubkeyHashAlg)))
    throw ratlsInvalid(`"pubkey-hash" is not the ${claims.pubkeyHashAlg} of the certificate's SubjectPublicKeyInfo: the evidence is bound to another key`);
  return { evidence, claimsBuffer, claims, spki, certificate };
}

/** parseRatlsCertificate plus the self-signature (ECDSA P-256) check. */
export async function verifyRatlsCertificate(der: Uint8Array): Promise<ParsedRatlsCertificate> {
  const parsed = parseRatlsCertificate(der);
  let ok: boolean;
  try {
    ok = await parsed.certificate.verify({ publicKey: parsed.certificate.publicKey, signatureOnly: true });
  } catch (e) {
    if (isHarnessError(e)) throw e;
    throw ratlsInvalid(`certificate signature could not be checked: ${(e as Error).message}`, e);
  }
  if (!ok) throw ratlsInvalid("certificate self-signature does not verify under its own public key");
  return parsed;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

