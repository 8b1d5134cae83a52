// Seeded fuzzing of the RA-TLS certificate, its evidence extension and claims buffer: every mutant is refused with
// RATLS_INVALID, or accepted with exactly the content it carries — never another exception, never changed content.
import { timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isHarnessError } from "../../errors/harness-error.ts";
import { MUTATION_KINDS, mutate, seededRandom } from "../../cca/fuzz-mutations.ts";
import { encodeRatlsCbor } from "./ratls-cbor.ts";
import { decodeClaimsBuffer, encodeClaimsBuffer, hashSpki, PUBKEY_HASH_ALGS, type RatlsClaims } from "./ratls-claims.ts";
import {
  createRatlsCertificate,
  decodeTaggedEvidence,
  encodeTaggedEvidence,
  generateRatlsKeyPair,
  verifyRatlsCertificate,
  type ParsedRatlsCertificate,
} from "./ratls-certificate.ts";

type Outcome<T> = { accepted: T } | { refused: string } | { crashed: string };

/** Runs f: its value, or the message of a RATLS_INVALID refusal; any other exception is a crash. */
async function outcome<T>(f: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { accepted: await f() };
  } catch (e) {
    if (isHarnessError(e, "RATLS_INVALID")) return { refused: e.message };
    return { crashed: String(e instanceof Error ? e.stack : e) };
  }
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

/** The claims buffer bytes for decoded claims, keys in the order encodeClaimsBuffer writes them. */
function reencodeClaims(c: RatlsClaims): Uint8Array {
  const m = new Map<string, Uint8Array>([["pubkey-hash", encodeRatlsCbor([PUBKEY_HASH_ALGS[c.pubkeyHashAlg], c.pubkeyHash])]]);
  if (c.nonce) m.set("nonce", c.nonce);
  return encodeRatlsCbor(m);
}

/** A tally of outcomes, with the first few problems named (kind, index, what). */
class Tally {
  accepted = 0;
  refused = 0;
  readonly refusedBy = new Map<string, number>();
  readonly problems: string[] = [];
  add<T>(o: Outcome<T>, what: string, check: (v: T) => string | undefined, refusalKind: (m: string) => string = () => "any"): void {
    if ("crashed" in o) this.problems.push(`${what}: threw ${o.crashed.split("\n")[0]} instead of HarnessError RATLS_INVALID`);
    else if ("refused" in o) {
      this.refused++;
      const k = refusalKind(o.refused);
      this.refusedBy.set(k, (this.refusedBy.get(k) ?? 0) + 1);
    } else {
      this.accepted++;
      const bad = check(o.accepted);
      if (bad) this.problems.push(`${what}: accepted, but ${bad}`);
    }
  }
}

// fixed bytes for the extension and claims buffer runs, so their mutants (and outcomes) are the same on every run
const fixedSpki = new Uint8Array(91).fill(7);
const fixedClaims = encodeClaimsBuffer(fixedSpki, new Uint8Array(32).fill(9));
const fixedExt = encodeTaggedEvidence(new Uint8Array(200).fill(3), fixedClaims);

describe("RA-TLS fuzz (seeded)", () => {
  it("6 000 mutated certificates are refused with RATLS_INVALID, or verify only carrying exactly the original evidence, claims and key", async () => {
    const keyPair = await generateRatlsKeyPair();
    const claimsBuffer = encodeClaimsBuffer(keyPair.spki, new Uint8Array(32).fill(9));
    const cert = await createRatlsCertificate({ keyPair, evidence: new Uint8Array(200).fill(3), claimsBuffer });
    const original = await verifyRatlsCertificate(cert.der);
    const rnd = seededRandom(0x5eed_7a75);
    const t = new Tally();
    const unchanged = (p: ParsedRatlsCertificate): string | undefined =>
      !same(p.evidence, original.evidence) ? "its evidence differs from the signed one"
      : !same(p.claimsBuffer, original.claimsBuffer) ? "its claims buffer differs from the signed one"
      : !same(p.spki, original.spki) ? "its public key differs from the signed one"
      : undefined;
    const bySignature = (m: string): string => (/self-signature does not verify|signature could not be checked/.test(m) ? "signature" : "structure");
    for (let i = 0; i < 6000; i++) {
      const kind = MUTATION_KINDS[i % MUTATION_KINDS.length]!;
      t.add(await outcome(() => verifyRatlsCertificate(mutate(cert.der, kind, rnd))), `cert #${i} ${kind}`, unchanged, bySignature);
    }
    expect(t.problems.slice(0, 5)).toEqual([]);
    // both checks are reached: the parser refuses broken structure, and mutants it parses are caught by the signature
    expect(t.refusedBy.get("structure") ?? 0).toBeGreaterThan(3000);
    expect(t.refusedBy.get("signature") ?? 0).toBeGreaterThan(1000);
  }, 60_000);

  it("3 000 mutated evidence extension values are refused with RATLS_INVALID or decode to exactly the bytes they hold", async () => {
    const rnd = seededRandom(0x5eed_e7);
    const t = new Tally();
    for (let i = 0; i < 3000; i++) {
      const kind = MUTATION_KINDS[i % MUTATION_KINDS.length]!;
      const value = mutate(fixedExt, kind, rnd);
      t.add(await outcome(() => decodeTaggedEvidence(value)), `ext #${i} ${kind}`, (d) =>
        same(encodeTaggedEvidence(d.evidence, d.claimsBuffer), value) ? undefined : "its decoded evidence and claims buffer do not re-encode to the value");
    }
    expect(t.problems.slice(0, 5)).toEqual([]);
    // the mutations reach both sides (changed evidence bytes decode; broken structure is refused)
    expect(t.accepted).toBeGreaterThan(500);
    expect(t.refused).toBeGreaterThan(500);
  }, 60_000);

  it("3 000 mutated claims buffers are refused with RATLS_INVALID or decode to claims that re-encode to the same bytes", async () => {
    const rnd = seededRandom(0x5eed_c1);
    const t = new Tally();
    for (let i = 0; i < 3000; i++) {
      const kind = MUTATION_KINDS[i % MUTATION_KINDS.length]!;
      const buffer = mutate(fixedClaims, kind, rnd);
      t.add(await outcome(() => decodeClaimsBuffer(buffer)), `claims #${i} ${kind}`, (c) =>
        same(reencodeClaims(c), buffer) ? undefined : `its claims ${JSON.stringify({ alg: c.pubkeyHashAlg, nonce: c.nonce?.length })} do not re-encode to the buffer`);
    }
    expect(t.problems.slice(0, 5)).toEqual([]);
    expect(t.accepted).toBeGreaterThan(300);
    expect(t.refused).toBeGreaterThan(1000);
  }, 60_000);

  it("300 re-signed certificates with mutated extension values verify exactly when the value decodes and binds this key, and then carry it", async () => {
    const keyPair = await generateRatlsKeyPair();
    const claimsBuffer = encodeClaimsBuffer(keyPair.spki, new Uint8Array(32).fill(9));
    const extValue = encodeTaggedEvidence(new Uint8Array(64).fill(3), claimsBuffer);
    const { x509, P256 } = await import("./x509-provider.ts");
    const rnd = seededRandom(42);
    const t = new Tally();
    for (let i = 0; i < 300; i++) {
      const value = mutate(extValue, MUTATION_KINDS[i % MUTATION_KINDS.length]!, rnd);
      // what the certificate should give, decided from the value alone
      const expected = await outcome(() => {
        const d = decodeTaggedEvidence(value);
        const c = decodeClaimsBuffer(d.claimsBuffer);
        return same(c.pubkeyHash, hashSpki(keyPair.spki, c.pubkeyHashAlg));
      });
      const shouldVerify = "accepted" in expected && expected.accepted;
      const c = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: "01",
        name: "CN=fuzz",
        signingAlgorithm: P256,
        keys: keyPair.keys,
        extensions: [new x509.Extension("2.23.133.5.4.9", false, value)],
      });
      const got = await outcome(() => verifyRatlsCertificate(new Uint8Array(c.rawData)));
      if ("refused" in got && shouldVerify) t.problems.push(`re-signed #${i}: refused (${got.refused}) although its value decodes and binds this key`);
      t.add(got, `re-signed #${i}`, (p) =>
        !shouldVerify ? "its value does not decode or does not bind this key"
        : !same(encodeTaggedEvidence(p.evidence, p.claimsBuffer), value) ? "its evidence and claims buffer are not the extension's value"
        : undefined);
    }
    expect(t.problems.slice(0, 5)).toEqual([]);
    expect(t.accepted).toBeGreaterThan(30);
    expect(t.refused).toBeGreaterThan(30);
  }, 60_000);
});
