import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { decodeCbor, encodeCbor, Tag } from "./cca-cbor.ts";
import { ccaDigest } from "./cca-hash.ts";
import { ccaFixturesDir } from "./cca-test-keys.ts";
import { verifyCcaToken } from "./cca-token-verifier.ts";
import { challenge, expectInvalid, fixtureRealm, tamperedToken, testKeys } from "./cca-test-support.ts";
import { EmulatedCcaRealm } from "./emulated-cca-realm.ts";

const endorsed = { endorsedPlatformKeys: [testKeys.cpak.publicKey, testKeys.cpakEs256.publicKey] };

describe("verifyCcaToken", () => {
  it.each([
    ["default: current TF-RMM (tag 907, realm profile 2.0), ES384 platform", {}],
    ["realm profile 2.0 in a tag 399 collection", { tokenFormat: "realm-2.0" as const, form: "tag399" as const }],
    ["realm profile 1.0 with a COSE_Key RAK", { tokenFormat: "realm-1.0" as const }],
    ["legacy: tag 399, no profile, raw RAK", { tokenFormat: "legacy" as const }],
    ["legacy in the tag 907 CMW form", { tokenFormat: "legacy" as const, form: "cmw907" as const }],
    ["deprecated realmProfile: true (profile 1.0)", { realmProfile: true }],
    ["ES256 platform", { platformAlgorithm: "ES256" as const }],
    ["SHA-512 measurements", { measurementAlgorithm: "sha-512" as const }],
  ])("accepts an emulated token: %s", (_name, options) => {
    const realm = fixtureRealm(options);
    realm.extendRem(3, new Uint8Array(64).fill(9));
    const v = verifyCcaToken(realm.attest(challenge), { ...endorsed, expectedChallenge: challenge });
    expect(v.realm.claims.extensibleMeasurements[3]).toEqual(realm.readRem(3));
    expect(v.realm.claims.initialMeasurement).toEqual(realm.rim);
    expect(v.platform?.claims.challenge).toEqual(ccaDigest("sha-256", v.realm.claims.publicKey));
    expect(v.platformKey).toBeDefined();
  });

  it("accepts endorsed keys given as PEM text (the fixture's public key file)", () => {
    const pem = readFileSync(join(ccaFixturesDir, "cpak-test-only.pub.pem"), "utf8");
    expect(verifyCcaToken(fixtureRealm().attest(challenge), { endorsedPlatformKeys: [pem] }).flavour).toBe("cca");
  });

  it("refuses a token whose platform key is not endorsed (defence on), accepts it once endorsed (defence off)", () => {
    const foreign = new EmulatedCcaRealm();
    const token = foreign.attest(challenge);
    expectInvalid(() => verifyCcaToken(token, endorsed), "platform token (ES384) is not signed by any of the 2 endorsed platform keys");
    expectInvalid(() => verifyCcaToken(token, { endorsedPlatformKeys: [] }), "not signed by any of the 0 endorsed platform keys");
    expect(verifyCcaToken(token, { endorsedPlatformKeys: [foreign.cpakPublicKey] }).flavour).toBe("cca");
  });

  it("refuses a wrong realm signature and a wrong platform signature", () => {
    const token = fixtureRealm({ tokenFormat: "legacy" }).attest(challenge);
    const top = decodeCbor(token, "t") as Tag;
    const m = top.contents as Map<number, Uint8Array>;
    const flipLastByte = (cose: Uint8Array): Uint8Array => {
      const c = cose.slice();
      c[c.length - 1]! ^= 0x01;
      return c;
    };
    const withRealm = encodeCbor(new Tag(399, new Map([[44234, m.get(44234)!], [44241, flipLastByte(m.get(44241)!)]])));
    expectInvalid(() => verifyCcaToken(withRealm, endorsed), "realm token signature does not verify under the RAK in realm claim 44237");
    const withPlatform = encodeCbor(new Tag(399, new Map([[44234, flipLastByte(m.get(44234)!)], [44241, m.get(44241)!]])));
    expectInvalid(() => verifyCcaToken(withPlatform, endorsed), "platform token (ES384) is not signed by any");
  });

  it("refuses a broken binding: a platform token bound to another RAK", () => {
    const otherRak = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    const bound = fixtureRealm({ rakPrivateKey: otherRak.privateKey }).realmClaims(challenge).publicKey;
    const token = tamperedToken({ platform: (m) => m.set(10, ccaDigest("sha-256", bound)) });
    expectInvalid(() => verifyCcaToken(token, endorsed), "platform claim 10 (challenge) is not the sha-256 of realm claim 44237 (RAK public key)");
    // the same token with the binding intact verifies: the check can fail and can pass
    expect(verifyCcaToken(tamperedToken(), endorsed).flavour).toBe("cca");
  });

  it("refuses a platform outside the secured lifecycle unless told not to care", () => {
    const token = tamperedToken({ platform: (m) => m.set(2395, 0x2000) });
    expectInvalid(() => verifyCcaToken(token, endorsed), "platform claim 2395 (lifecycle) is 0x2000; expected secured");
    expect(verifyCcaToken(token, { ...endorsed, requireSecuredLifecycle: false }).platform?.claims.lifecycle).toBe(0x2000);
  });

  it("refuses a stale challenge", () => {
    expectInvalid(() => verifyCcaToken(fixtureRealm().attest(challenge), { ...endorsed, expectedChallenge: new Uint8Array(64) }), "realm claim 10 (challenge) does not match the expected challenge");
  });

  it("refuses a realm-only (virtCCA) token unless its RAK is endorsed out of band", () => {
    const realm = fixtureRealm({ flavour: "virtcca" });
    const token = realm.attest(challenge);
    expectInvalid(() => verifyCcaToken(token, endorsed), "realm-only token: the RAK in realm claim 44237 is not among the endorsed realm keys");
    const v = verifyCcaToken(token, { ...endorsed, endorsedRealmKeys: [realm.rakPublicKey] });
    expect(v.flavour).toBe("virtcca");
    expect(v.platformKey).toBeUndefined();
  });

  it("throws INVALID_INPUT for an endorsed key that is not a PEM public key", () => {
    let err: unknown;
    try {
      verifyCcaToken(fixtureRealm().attest(challenge), { endorsedPlatformKeys: ["not a pem"] });
    } catch (e) {
      err = e;
    }
    expect(isHarnessError(err, "INVALID_INPUT")).toBe(true);
    expect((err as Error).message).toContain("endorsedPlatformKeys[0] is not a PEM public key");
  });
});
