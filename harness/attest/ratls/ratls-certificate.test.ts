import { describe, expect, it } from "vitest";
import { isHarnessError } from "../../errors/harness-error.ts";
import { encodeClaimsBuffer } from "./ratls-claims.ts";
import {
  createRatlsCertificate,
  decodeTaggedEvidence,
  encodeTaggedEvidence,
  generateRatlsKeyPair,
  parseRatlsCertificate,
  RATLS_EVIDENCE_OID,
  verifyRatlsCertificate,
} from "./ratls-certificate.ts";
import { P256, x509 } from "./x509-provider.ts";

const evidence = new Uint8Array(300).fill(0x42);
const nonce = new Uint8Array(32).fill(1);

async function expectRatlsError(p: Promise<unknown> | (() => unknown), text: RegExp): Promise<void> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    expect(isHarnessError(e, "RATLS_INVALID"), String(e)).toBe(true);
    expect((e as Error).message).toMatch(text);
    return;
  }
  throw new Error("expected RATLS_INVALID");
}

/** A certificate with hand-made extensions, to test what createRatlsCertificate refuses to make. */
async function handMade(extensions: x509.Extension[]): Promise<Uint8Array> {
  const keys = await generateRatlsKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: "01", name: "CN=x", signingAlgorithm: P256, keys: keys.keys, extensions });
  return new Uint8Array(cert.rawData);
}

describe("RA-TLS certificate", () => {
  it("carries the evidence in a non-critical 2.23.133.5.4.9 extension and parses back", async () => {
    const keyPair = await generateRatlsKeyPair();
    const claimsBuffer = encodeClaimsBuffer(keyPair.spki, nonce);
    const cert = await createRatlsCertificate({ keyPair, evidence, claimsBuffer });
    expect(cert.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const parsed = await verifyRatlsCertificate(cert.der);
    expect(Buffer.from(parsed.evidence).equals(Buffer.from(evidence))).toBe(true);
    expect(Buffer.from(parsed.claimsBuffer).equals(Buffer.from(claimsBuffer))).toBe(true);
    expect(Buffer.from(parsed.claims.nonce!).equals(Buffer.from(nonce))).toBe(true);
    expect(Buffer.from(parsed.spki).equals(Buffer.from(keyPair.spki))).toBe(true);
    const ext = parsed.certificate.getExtension(RATLS_EVIDENCE_OID)!;
    expect(ext.critical).toBe(false);
    // extnValue: CBOR tag 399 (d9 01 8f), array of 2 (82), bstr(300) (59 01 2c)
    expect(Buffer.from(ext.value).subarray(0, 7).toString("hex")).toBe("d9018f8259012c");
  });

  it("refuses to sign a claims buffer for another key", async () => {
    const a = await generateRatlsKeyPair();
    const b = await generateRatlsKeyPair();
    await expect(createRatlsCertificate({ keyPair: a, evidence, claimsBuffer: encodeClaimsBuffer(b.spki, nonce) })).rejects.toThrow(/pubkey-hash/);
  });

  it("refuses a missing, critical, duplicated or foreign-key extension", async () => {
    const other = await generateRatlsKeyPair();
    await expectRatlsError(() => parseRatlsCertificate(new Uint8Array([1, 2, 3])), /not a DER X.509/);
    await expectRatlsError(async () => parseRatlsCertificate(await handMade([])), /no evidence extension/);
    const value = encodeTaggedEvidence(evidence, encodeClaimsBuffer(other.spki, nonce));
    await expectRatlsError(async () => parseRatlsCertificate(await handMade([new x509.Extension(RATLS_EVIDENCE_OID, true, value)])), /critical/);
    await expectRatlsError(
      async () => parseRatlsCertificate(await handMade([new x509.Extension(RATLS_EVIDENCE_OID, false, value), new x509.Extension(RATLS_EVIDENCE_OID, false, value)])),
      /2 evidence extensions/,
    );
    await expectRatlsError(async () => parseRatlsCertificate(await handMade([new x509.Extension(RATLS_EVIDENCE_OID, false, value)])), /bound to another key/);
  });

  it("refuses a tampered signature", async () => {
    const keyPair = await generateRatlsKeyPair();
    const cert = await createRatlsCertificate({ keyPair, evidence, claimsBuffer: encodeClaimsBuffer(keyPair.spki, nonce) });
    const der = cert.der.slice();
    der[der.length - 5]! ^= 0x01; // inside the ECDSA signature
    await expectRatlsError(verifyRatlsCertificate(der), /signature|DER|certificate/);
  });

  it("decodes the tagged evidence strictly", async () => {
    const cb = new Uint8Array([0xa0]);
    expect(decodeTaggedEvidence(encodeTaggedEvidence(evidence, cb)).evidence.length).toBe(300);
    await expectRatlsError(() => decodeTaggedEvidence(new Uint8Array([0xd9, 0x01, 0x90, 0x80])), /tag 400; expected 399/);
    await expectRatlsError(() => decodeTaggedEvidence(new Uint8Array([0x80])), /expected tag 399/);
    await expectRatlsError(() => decodeTaggedEvidence(new Uint8Array([0xd9, 0x01, 0x8f, 0x81, 0x41, 0x00])), /\[evidence, claims-buffer\]/);
  });
});
