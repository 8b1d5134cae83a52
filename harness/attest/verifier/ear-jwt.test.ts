import { generateKeyPairSync } from "node:crypto";
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { AR4SI, EAR_PROFILE, emptyVector, makeEar } from "./ear.ts";
import { earClaims, earSigningKey, generateEarSigningKey, jwkThumbprint, publicJwks, signEarJwt } from "./ear-jwt.ts";
import { verifyEarJwt } from "./ear-verify.ts";

const NOW = 1_800_000_000_000;
const nonce = new Uint8Array(32).fill(7);
const key = generateEarSigningKey();
const jwks = publicJwks(key);

function affirmingVector() {
  const v = emptyVector();
  v["instance-identity"] = AR4SI.AFFIRMING;
  v.executables = AR4SI.APPROVED_EXECUTABLES;
  return v;
}
const signed = (o: { now?: number; reasons?: string[]; with?: typeof key; n?: Uint8Array } = {}): string =>
  signEarJwt(earClaims(makeEar({ vector: affirmingVector(), reasons: o.reasons ?? [], skipped: [], policyId: "p1", now: o.now ?? NOW }), o.n ?? nonce), o.with ?? key);

/** The JWT with one byte of its decoded payload changed (XOR 0x01), re-encoded. */
function flipPayloadByte(jwt: string, at = 10): string {
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const bytes = Buffer.from(p, "base64url");
  bytes[at] = bytes[at]! ^ 0x01;
  return `${h}.${bytes.toString("base64url")}.${s}`;
}

describe("signed EAR (ES256 JWT)", () => {
  it("verifies with jose (a standard JWT library) against the published JWKS, in Veraison's EAR shape", async () => {
    const jwt = signed({ now: Date.now() });
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ["ES256"], maxTokenAge: "300s" });
    expect(protectedHeader).toEqual({ alg: "ES256", typ: "JWT", kid: key.publicJwk.kid });
    expect(payload).toMatchObject({
      eat_profile: EAR_PROFILE,
      "ear.verifier-id": { developer: "shieldlab", build: expect.any(String) },
      eat_nonce: Buffer.from(nonce).toString("base64url"),
      submods: { "cca-realm": { "ear.status": "affirming", "ear.appraisal-policy-id": "p1", "ear.trustworthiness-vector": { executables: 3 } } },
    });
    expect(typeof payload.iat).toBe("number");
  });

  it("publishes only the public half, with an RFC 7638 thumbprint as kid", async () => {
    expect(Object.keys(jwks.keys[0]!).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    expect(key.publicJwk.kid).toBe(await calculateJwkThumbprint(key.publicJwk, "sha256"));
    expect(jwkThumbprint(generateEarSigningKey().publicJwk)).not.toBe(key.publicJwk.kid);
    expect(() => earSigningKey(generateKeyPairSync("ec", { namedCurve: "secp384r1" }).privateKey)).toThrow(/P-256 private key/);
  });

  it("fails after one byte of its payload is changed (jose and verifyEarJwt)", async () => {
    const jwt = signed({ now: Date.now() });
    for (const at of [0, 10, 40, Buffer.from(jwt.split(".")[1]!, "base64url").length - 1]) {
      const bad = flipPayloadByte(jwt, at);
      await expect(jwtVerify(bad, createLocalJWKSet(jwks))).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
      expect(verifyEarJwt(bad, jwks)).toMatchObject({ ok: false, failure: "signature" });
    }
    expect(verifyEarJwt(jwt, jwks).ok).toBe(true); // the unchanged one still verifies
  });

  it("fails under the wrong key: another kid, or another key under the same kid", async () => {
    const other = generateEarSigningKey();
    const jwt = signed({ now: Date.now() });
    await expect(jwtVerify(jwt, createLocalJWKSet(publicJwks(other)))).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
    expect(verifyEarJwt(jwt, publicJwks(other))).toMatchObject({ ok: false, failure: "unknown-key" });
    const impostor = { keys: [{ ...other.publicJwk, kid: key.publicJwk.kid }] };
    await expect(jwtVerify(jwt, createLocalJWKSet(impostor))).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
    expect(verifyEarJwt(jwt, impostor)).toMatchObject({ ok: false, failure: "signature" });
    // signed by the other key but claiming ours
    expect(verifyEarJwt(signed({ with: { ...other, publicJwk: key.publicJwk } }), jwks, { now: NOW })).toMatchObject({ ok: false, failure: "signature" });
  });

  it("refuses alg none / HS256 and malformed input", () => {
    const [, p] = signed().split(".") as [string, string];
    const head = (h: object): string => Buffer.from(JSON.stringify(h)).toString("base64url");
    expect(verifyEarJwt(`${head({ alg: "none", kid: key.publicJwk.kid })}.${p}.`, jwks, { now: NOW })).toMatchObject({ failure: "algorithm" });
    expect(verifyEarJwt(`${head({ alg: "HS256", kid: key.publicJwk.kid })}.${p}.AAAA`, jwks, { now: NOW })).toMatchObject({ failure: "algorithm" });
    expect(verifyEarJwt("a.b", jwks)).toMatchObject({ failure: "malformed" });
    expect(verifyEarJwt("", jwks)).toMatchObject({ failure: "malformed" });
  });

  it("a stale or future iat fails; inside the window it passes", async () => {
    const old = signed({ now: Date.now() - 301_000 });
    await expect(jwtVerify(old, createLocalJWKSet(jwks), { maxTokenAge: "300s" })).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
    expect(verifyEarJwt(signed(), jwks, { now: NOW + 300_000 })).toMatchObject({ ok: true, status: "affirming" });
    expect(verifyEarJwt(signed(), jwks, { now: NOW + 301_000 })).toMatchObject({ ok: false, failure: "stale", status: "affirming" });
    expect(verifyEarJwt(signed(), jwks, { now: NOW + 10_000, maxAgeSeconds: 5 })).toMatchObject({ ok: false, failure: "stale" });
    expect(verifyEarJwt(signed(), jwks, { now: NOW - 61_000 })).toMatchObject({ ok: false, failure: "future" });
  });

  it("checks the nonce when the relying party gives one", () => {
    expect(verifyEarJwt(signed(), jwks, { now: NOW, expectedNonce: nonce }).ok).toBe(true);
    expect(verifyEarJwt(signed(), jwks, { now: NOW, expectedNonce: new Uint8Array(32).fill(8) })).toMatchObject({ ok: false, failure: "nonce" });
    expect(verifyEarJwt(signed({ n: new Uint8Array() }), jwks, { now: NOW, expectedNonce: nonce })).toMatchObject({ ok: false, failure: "nonce" });
  });

  it("reports a verified but non-affirming EAR as such, with the verifier's reasons", () => {
    const r = verifyEarJwt(signed({ reasons: ["rim: RIM 77… is not among the 1 reference RIM(s)"] }), jwks, { now: NOW });
    expect(r).toMatchObject({ ok: false, failure: "not-affirming", status: "contraindicated" });
    expect(r.reason).toMatch(/ear.status is contraindicated \(rim: RIM 77/);
    expect(r.claims?.submods["cca-realm"]["ear.status"]).toBe("contraindicated");
  });

  it("the signed header carries the kid jose reads", () => {
    expect(decodeProtectedHeader(signed()).kid).toBe(key.publicJwk.kid);
  });
});
