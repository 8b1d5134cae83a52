import { describe, expect, it } from "vitest";
import { affirmingPolicy, MeasuredRealm } from "../testing/attest-test-support.ts";
import { appraise } from "./appraisal.ts";
import { NonceStore } from "./nonce-store.ts";
import { encodeClaimsBuffer, teeChallenge } from "../ratls/ratls-claims.ts";
import { createRatlsCertificate, generateRatlsKeyPair } from "../ratls/ratls-certificate.ts";
import { earStatus, emptyVector } from "./ear.ts";

const m = new MeasuredRealm().readAllowedFiles();

async function evidenceFor(nonces: NonceStore, challengeOf = teeChallenge, realm = m) {
  const keyPair = await generateRatlsKeyPair();
  const claimsBuffer = encodeClaimsBuffer(keyPair.spki, nonces.issue().nonce);
  const cert = await createRatlsCertificate({ keyPair, evidence: realm.realm.attest(challengeOf(claimsBuffer)), claimsBuffer });
  return cert.der;
}

describe("appraise", () => {
  it("affirms good evidence with every check on", async () => {
    const nonces = new NonceStore();
    const r = await appraise({ certDer: await evidenceFor(nonces), imaLog: m.binaryLog(), nonces, policy: affirmingPolicy(m) });
    expect(r.ear.reasons).toEqual([]);
    expect(r.status).toBe("affirming");
    expect(r.evidence.imaEntries).toBe(4);
  });

  it("records a realm token's unknown claims in the appraisal and still affirms (current TF-RMM default and the legacy shape)", async () => {
    const nonces = new NonceStore();
    const plain = await appraise({ certDer: await evidenceFor(nonces), imaLog: m.binaryLog(), nonces, policy: affirmingPolicy(m) });
    expect(plain.evidence.unknownClaims).toBeUndefined();
    const newer = new MeasuredRealm({ extraRealmClaims: new Map<number, unknown>([[99999, Uint8Array.of(1, 2, 3)]]) }).readAllowedFiles();
    const r = await appraise({ certDer: await evidenceFor(nonces, teeChallenge, newer), imaLog: newer.binaryLog(), nonces, policy: affirmingPolicy(newer) });
    expect(r.ear.reasons).toEqual([]);
    expect(r.status).toBe("affirming");
    expect(r.evidence.unknownClaims).toEqual(["realm 99999 (bstr, 3)"]);
    const legacy = new MeasuredRealm({ tokenFormat: "legacy" }).readAllowedFiles();
    const l = await appraise({ certDer: await evidenceFor(nonces, teeChallenge, legacy), imaLog: legacy.binaryLog(), nonces, policy: affirmingPolicy(legacy) });
    expect(l.status).toBe("affirming");
  });

  it("fails closed on garbage and on a token made for another certificate (always-on checks)", async () => {
    const nonces = new NonceStore();
    const policy = affirmingPolicy(m);
    const garbage = await appraise({ certDer: new Uint8Array([0x30, 0x03, 1, 2, 3]), imaLog: new Uint8Array(), nonces, policy });
    expect(garbage.status).toBe("contraindicated");
    expect(garbage.ear.reasons[0]).toMatch(/^evidence: not a DER X.509/);
    const other = await appraise({ certDer: await evidenceFor(nonces, () => new Uint8Array(64).fill(1)), imaLog: m.binaryLog(), nonces, policy });
    expect(other.status).toBe("contraindicated");
    expect(other.ear.reasons[0]).toMatch(/realm claim 10 \(challenge\) is not SHA-256\(claims buffer\)/);
    // switching every check off does not switch the always-on ones off
    const allOff = affirmingPolicy(m, { checks: { endorsement: false, freshness: false, rim: false, platform: false, imaReplay: false, imaPolicy: false } });
    const stillRefused = await appraise({ certDer: await evidenceFor(nonces, () => new Uint8Array(64).fill(1)), imaLog: m.binaryLog(), nonces, policy: allOff });
    expect(stillRefused.status).toBe("contraindicated");
  });

  it("a malformed IMA log fails both IMA checks, not the appraisal", async () => {
    const nonces = new NonceStore();
    const r = await appraise({ certDer: await evidenceFor(nonces), imaLog: new Uint8Array([1, 2, 3]), nonces, policy: affirmingPolicy(m) });
    expect(r.status).toBe("contraindicated");
    expect(r.ear.reasons.map((x) => x.split(":")[0])).toEqual(["imaReplay", "imaPolicy"]);
  });

  it("missing reference values refuse rather than pass", async () => {
    const nonces = new NonceStore();
    const r = await appraise({ certDer: await evidenceFor(nonces), imaLog: m.binaryLog(), nonces, policy: affirmingPolicy(m, { platformSwComponents: [], runtimePolicy: undefined }) });
    expect(r.ear.reasons.map((x) => x.split(":")[0])).toEqual(["platform", "imaPolicy"]);
  });

  it("status rule: any reason → contraindicated; otherwise the worst AR4SI tier", () => {
    const v = emptyVector();
    expect(earStatus(v, [])).toBe("none");
    v.hardware = 2;
    expect(earStatus(v, [])).toBe("affirming");
    v.executables = 33;
    expect(earStatus(v, [])).toBe("warning");
    expect(earStatus(v, ["rim: x"])).toBe("contraindicated");
    v.configuration = 96;
    expect(earStatus(v, [])).toBe("contraindicated");
  });

  it("a switched-off check is still evaluated: its would-be failure is evidence, never a reason", async () => {
    const nonces = new NonceStore();
    const other = new MeasuredRealm({ rim: new Uint8Array(32).fill(0x77) }).readAllowedFiles();
    const rimOff = affirmingPolicy(m, { checks: { endorsement: true, freshness: true, rim: false, platform: true, imaReplay: true, imaPolicy: false } });
    const r = await appraise({ certDer: await evidenceFor(nonces, teeChallenge, other), imaLog: other.binaryLog(), nonces, policy: rimOff });
    expect(r.status).toBe("affirming");
    expect(r.ear.skipped).toEqual(["rim", "imaPolicy"]);
    expect(r.evidence.skippedChecks?.rim).toMatch(/^would fail: RIM 7777.* is not among the 1 reference RIM/);
    // a skipped check sets no claim in the vector, even when it would pass
    expect(r.ear.submods["cca-realm"]["ear.trustworthiness-vector"].executables).toBe(0);
    const good = await appraise({ certDer: await evidenceFor(nonces), imaLog: m.binaryLog(), nonces, policy: rimOff });
    expect(good.evidence.skippedChecks).toMatchObject({ rim: "would pass" });
    expect(good.evidence.platformInstanceId).toMatch(/^01[0-9a-f]{64}$/);
  });

  it("freshness off: a replayed certificate is accepted, and recorded as a nonce that was already used", async () => {
    const nonces = new NonceStore();
    const policy = affirmingPolicy(m, { checks: { endorsement: true, freshness: false, rim: true, platform: true, imaReplay: true, imaPolicy: true } });
    const cert = await evidenceFor(nonces);
    const first = await appraise({ certDer: cert, imaLog: m.binaryLog(), nonces, policy });
    expect(first.evidence.skippedChecks).toEqual({ freshness: "would pass" });
    const replay = await appraise({ certDer: cert, imaLog: m.binaryLog(), nonces, policy });
    expect(replay.status).toBe("affirming");
    expect(replay.evidence.skippedChecks?.freshness).toMatch(/^would fail: nonce [0-9a-f]{16}… was already used/);
  });
});
