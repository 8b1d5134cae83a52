import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { affirmingPolicy, MeasuredRealm } from "../testing/attest-test-support.ts";
import { KEYS_FILE, loadOrCreateVerifierKeys, USED_NONCES_FILE, VerifierStateDir, writeFileAtomic } from "./verifier-state.ts";

const dir = mkdtempSync(join(tmpdir(), "shieldlab-verifier-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("verifier state dir", () => {
  it("writes atomically (no temp file left) and replaces the old content", () => {
    const f = join(dir, "atomic", "x.json");
    writeFileAtomic(f, "1");
    writeFileAtomic(f, "2");
    expect(readdirSync(join(dir, "atomic"))).toEqual(["x.json"]);
  });

  it("keys: made once, the same on the next load; a bad keys file is refused by name", () => {
    const kd = join(dir, "keys");
    const a = loadOrCreateVerifierKeys(kd);
    const b = loadOrCreateVerifierKeys(kd);
    expect(b.signing.publicJwk).toEqual(a.signing.publicJwk);
    expect(Buffer.from(b.nonceKey)).toEqual(Buffer.from(a.nonceKey));
    expect(loadOrCreateVerifierKeys(join(dir, "keys2")).signing.publicJwk.kid).not.toBe(a.signing.publicJwk.kid);
    writeFileSync(join(kd, KEYS_FILE), JSON.stringify({ earSigningKey: { kty: "EC", crv: "P-256" }, nonceKey: "AA" }));
    expect(() => loadOrCreateVerifierKeys(kd)).toThrow(/keys\.json is not a verifier keys file: earSigningKey\.d/);
  });

  it("policy and used nonces round-trip; a damaged record is refused, not silently emptied", () => {
    const s = new VerifierStateDir(join(dir, "state"));
    expect(s.loadPolicy()).toBeUndefined();
    expect(s.loadUsedNonces()).toEqual([]);
    const p = affirmingPolicy(new MeasuredRealm().readAllowedFiles(), { policyId: "rt" });
    s.savePolicy(p);
    expect(new VerifierStateDir(s.dir).loadPolicy()).toEqual(p);
    const used = new Map([["ab".repeat(32), 5]]);
    s.saveUsedNonces(used);
    expect(new VerifierStateDir(s.dir).loadUsedNonces()).toEqual([["ab".repeat(32), 5]]);
    writeFileSync(join(s.dir, USED_NONCES_FILE), "{");
    expect(() => s.loadUsedNonces()).toThrow(/used-nonces\.json is not JSON/);
    writeFileSync(join(s.dir, USED_NONCES_FILE), JSON.stringify({ used: [["zz", 1]] }));
    expect(() => s.loadUsedNonces()).toThrow(/is not a used-nonce record: used\.0\.0/);
  });
});
