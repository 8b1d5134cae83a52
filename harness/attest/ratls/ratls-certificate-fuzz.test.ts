import { describe, expect, it } from "vitest";
import { HarnessError } from "../../errors/harness-error.ts";
import { MUTATION_KINDS, mutate, seededRandom } from "../../cca/fuzz-mutations.ts";
import { encodeClaimsBuffer } from "./ratls-claims.ts";
import { createRatlsCertificate, decodeTaggedEvidence, encodeTaggedEvidence, generateRatlsKeyPair, parseRatlsCertificate } from "./ratls-certificate.ts";
import { decodeClaimsBuffer } from "./ratls-claims.ts";

/** Runs f; returns "ok", or "refused" for HarnessError; anything else thrown fails the test with the case. */
function outcome(f: () => unknown, what: string): "ok" | "refused" {
  try {
    f();
    return "ok";
  } catch (e) {
    if (e instanceof HarnessError) return "refused";
    throw new Error(`${what}: threw ${String(e)} instead of HarnessError`, { cause: e });
  }
}

describe("RA-TLS fuzz (seeded)", () => {
  it("mutated certificates, extension values and claims buffers only ever give HarnessError", async () => {
    const keyPair = await generateRatlsKeyPair();
    const claimsBuffer = encodeClaimsBuffer(keyPair.spki, new Uint8Array(32).fill(9));
    const cert = await createRatlsCertificate({ keyPair, evidence: new Uint8Array(200).fill(3), claimsBuffer });
    const extValue = encodeTaggedEvidence(new Uint8Array(200).fill(3), claimsBuffer);
    const rnd = seededRandom(0x5eed_7a75);
    const counts = { ok: 0, refused: 0 };
    const N = { cert: 6000, ext: 3000, claims: 3000 };
    for (let i = 0; i < N.cert; i++) {
      const kind = MUTATION_KINDS[i % MUTATION_KINDS.length]!;
      counts[outcome(() => parseRatlsCertificate(mutate(cert.der, kind, rnd)), `cert #${i} ${kind}`)]++;
    }
    for (let i = 0; i < N.ext; i++) {
      const kind = MUTATION_KINDS[i % MUTATION_KINDS.length]!;
      counts[outcome(() => decodeClaimsBuffer(decodeTaggedEvidence(mutate(extValue, kind, rnd)).claimsBuffer), `ext #${i} ${kind}`)]++;
    }
    for (let i = 0; i < N.claims; i++) {
      const kind = MUTATION_KINDS[i % MUTATION_KINDS.length]!;
      counts[outcome(() => decodeClaimsBuffer(mutate(claimsBuffer, kind, rnd)), `claims #${i} ${kind}`)]++;
    }
    expect(counts.ok + counts.refused).toBe(N.cert + N.ext + N.claims);
    expect(counts.refused).toBeGreaterThan(N.cert); // most mutations are caught
  }, 60_000);

  it("re-signed certificates with mutated extension values are refused or parse consistently", async () => {
    const keyPair = await generateRatlsKeyPair();
    const claimsBuffer = encodeClaimsBuffer(keyPair.spki, new Uint8Array(32).fill(9));
    const extValue = encodeTaggedEvidence(new Uint8Array(64).fill(3), claimsBuffer);
    const { x509, P256 } = await import("./x509-provider.ts");
    const rnd = seededRandom(42);
    for (let i = 0; i < 300; i++) {
      const value = mutate(extValue, MUTATION_KINDS[i % MUTATION_KINDS.length]!, rnd);
      const c = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: "01",
        name: "CN=fuzz",
        signingAlgorithm: P256,
        keys: keyPair.keys,
        extensions: [new x509.Extension("2.23.133.5.4.9", false, value)],
      });
      outcome(() => parseRatlsCertificate(new Uint8Array(c.rawData)), `re-signed #${i}`);
    }
  }, 60_000);
});
