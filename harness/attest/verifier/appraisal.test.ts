import { describe, expect, it } from "vitest";
import { affirmingPolicy, MeasuredRealm } from "../testing/attest-test-support.ts";
import { appraise } from "./appraisal.ts";
import { NonceStore } from "./nonce-store.ts";
import { encodeClaimsBuffer, teeChallenge } from "../ratls/ratls-claims.ts";
import { createRatlsCertificate, generateRatlsKeyPair } from "../ratls/ratls-certificate.ts";
import { earStatus, emptyVector } from "./ear.ts";

const m = new MeasuredRealm().readAllowedFiles();

async function evidenceFor(nonces: NonceStore, challengeOf = teeChallenge) {
  const keyPair = await generateRatlsKeyPair();
  const claimsBuffer = encodeClaimsBuffer(keyPair.spki, nonces.issue().nonce);
  const cert = await createRatlsCertificate({ keyPair, evidence: m.realm.attest(challengeOf(claimsBuffer)), claimsBuffer });
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
});
