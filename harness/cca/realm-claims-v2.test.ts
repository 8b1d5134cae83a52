import { describe, expect, it } from "vitest";
import { decodeCbor, encodeCbor, Tag } from "./cca-cbor.ts";
import { decodeCcaToken } from "./cca-token-decoder.ts";
import { verifyCcaToken } from "./cca-token-verifier.ts";
import { challenge, expectInvalid, fixtureRealm, hex, tamperedToken, testKeys } from "./cca-test-support.ts";
import { REALM_PROFILE_1_0, REALM_PROFILE_2_0 } from "./realm-claims.ts";
import { describeUnknownClaim, MAX_RECORDED_UNKNOWN_CLAIMS } from "./unknown-claims.ts";

const b = (n: number, first = 0): Uint8Array => Uint8Array.of(first, ...new Uint8Array(n - 1));
const endorsed = { endorsedPlatformKeys: [testKeys.cpak.publicKey] };
const v2 = (edit: (m: Map<number, unknown>) => void) => tamperedToken({ format: "realm-2.0", realm: edit });

describe("realm profile 2.0 (TF-RMM main)", () => {
  it("is the emulator's default: tag 907 CMW, profile 2.0, realm instance id 256, MEC policy 44243, COSE_Key RAK", () => {
    const realm = fixtureRealm();
    const token = realm.attest(challenge);
    expect(hex(token.subarray(0, 3))).toBe("d9038b");
    const t = verifyCcaToken(token, { ...endorsed, expectedChallenge: challenge });
    expect(t.form).toBe("cmw907");
    expect(t.realmFormat).toBe("realm-2.0");
    expect(t.realm.claims.profile).toBe(REALM_PROFILE_2_0);
    expect(t.realm.claims.instanceId?.length).toBe(33);
    expect(t.realm.claims.instanceId?.[0]).toBe(0x01);
    expect(t.realm.claims.mecPolicy).toBe("shared");
    expect(hex(t.realm.claims.publicKey.subarray(0, 4))).toBe("a4010220"); // COSE_Key {1: 2, -1: 2, …}
    const payload = decodeCbor(t.realm.cose.payload, "p") as Map<number, unknown>;
    // TF-RMM main's attest_app_realm_token_create order (72aea692)
    expect([...payload.keys()]).toEqual([10, 256, 44235, 44237, 44236, 44240, 44243, 265, 44238, 44239]);
    expect(payload.get(44243)).toBe(0);
    expect(t.unknownClaims).toEqual([]);
    // the same realm keeps its instance id; options set it and the MEC policy
    expect(decodeCcaToken(realm.attest(challenge)).realm.claims.instanceId).toEqual(t.realm.claims.instanceId);
    const priv = decodeCcaToken(fixtureRealm({ mecPolicy: "private", realmInstanceId: b(33, 1) }).attest(challenge));
    expect(priv.realm.claims.mecPolicy).toBe("private");
    expect(priv.realm.claims.instanceId).toEqual(b(33, 1));
  });

  it("accepts the optional LFA policy (44244) and devices token hash (44257) and checks them", () => {
    const ok = decodeCcaToken(v2((m) => m.set(44244, 1).set(44257, b(48))));
    expect(ok.realm.claims.lfaPolicy).toBe("allow");
    expect(ok.realm.claims.devicesTokenHash).toEqual(b(48));
    expect(ok.unknownClaims).toEqual([]);
    expectInvalid(() => decodeCcaToken(v2((m) => m.set(44244, 2))), "realm claim 44244 (LFA policy) is 2; expected 0 (disallow) or 1 (allow)");
    expectInvalid(() => decodeCcaToken(v2((m) => m.set(44257, b(20)))), "realm claim 44257 (devices token hash) is 20 bytes; expected 32, 48 or 64");
  });

  const refusals: [string, (m: Map<number, unknown>) => void, string][] = [
    ["instance id missing", (m) => m.delete(256), `realm claim 256 (realm instance id) is missing (required by profile ${REALM_PROFILE_2_0})`],
    ["MEC policy missing", (m) => m.delete(44243), `realm claim 44243 (MEC policy) is missing (required by profile ${REALM_PROFILE_2_0})`],
    ["instance id as text", (m) => m.set(256, "01"), "realm claim 256 (realm instance id) is a string; expected a bstr"],
    ["instance id 32 bytes", (m) => m.set(256, b(32, 1)), "realm claim 256 (realm instance id) is 32 bytes; expected 33"],
    ["instance id type 0x02", (m) => m.set(256, b(33, 2)), "realm claim 256 (realm instance id) starts with 0x02; expected 0x01"],
    ["MEC policy as text (the profile 1.0 form)", (m) => m.set(44243, "private"), `realm claim 44243 (MEC policy) is the text "private"; profile ${REALM_PROFILE_2_0} carries an unsigned integer, 0 (shared) or 1 (private)`],
    ["MEC policy 255", (m) => m.set(44243, 255), "realm claim 44243 (MEC policy) is 255; expected 0 (shared) or 1 (private)"],
    ["MEC policy negative", (m) => m.set(44243, -1), "realm claim 44243 (MEC policy) is -1; expected an unsigned integer"],
    ["MEC policy -0.0", (m) => m.set(44243, -0), "realm claim 44243 (MEC policy) is -0.0; expected an unsigned integer"],
    ["MEC policy 0.5", (m) => m.set(44243, 0.5), "realm claim 44243 (MEC policy) is 0.5; expected an unsigned integer"],
    ["a raw RAK", (m) => m.set(44237, b(97, 4)), "realm claim 44237 (RAK public key) COSE_Key"],
    ["RIM missing", (m) => m.delete(44238), "realm claim 44238 (RIM) is missing"],
    ["an unknown profile", (m) => m.set(265, "tag:arm.com,2026:realm#2.0.0"), 'realm claim 265 (profile) is "tag:arm.com,2026:realm#2.0.0", a profile this verifier does not know'],
    ["a profile that is not text", (m) => m.set(265, 2), "realm claim 265 (profile) is a number; expected a text string"],
  ];
  it.each(refusals)("refuses a 2.0 token with %s", (_name, edit, message) => {
    expectInvalid(() => decodeCcaToken(v2(edit)), message);
  });

  it("checks 256 also when a 1.0 or legacy token carries it; 44243 only where an RMM writes it (known claims stay strict)", () => {
    // no RMM writes 44243 without a realm profile, in either encoding
    for (const mec of [1, "shared"])
      expectInvalid(() => decodeCcaToken(tamperedToken({ realm: (m) => m.set(44243, mec) })), "realm claim 44243 (MEC policy) is present in a token without a realm profile (265); no RMM writes it there");
    expectInvalid(() => decodeCcaToken(tamperedToken({ format: "realm-1.0", realm: (m) => m.set(256, b(33, 9)) })), "realm claim 256 (realm instance id) starts with 0x09");
    // without 256/44243 a 1.0 token is complete
    expect(decodeCcaToken(tamperedToken({ format: "realm-1.0" })).realm.claims.profile).toBe(REALM_PROFILE_1_0);
  });

  it("records unknown realm claims (key, CBOR type, size; never the value) and still verifies the token", () => {
    const realm = fixtureRealm({ extraRealmClaims: new Map<number, unknown>([[99999, b(3)], [44242, [1, 2]], [-8, new Map([[1, 2]])], [70000, new Tag(1234, 0)]]) });
    const t = verifyCcaToken(realm.attest(challenge), { ...endorsed, expectedChallenge: challenge });
    expect(t.unknownClaims).toEqual([
      { token: "realm", key: "99999", type: "bstr", size: 3 },
      { token: "realm", key: "44242", type: "array", size: 2 },
      { token: "realm", key: "-8", type: "map", size: 1 },
      { token: "realm", key: "70000", type: "tag 1234" },
    ]);
    expect(t.unknownClaims.map(describeUnknownClaim)).toEqual(["realm 99999 (bstr, 3)", "realm 44242 (array, 2)", "realm -8 (map, 1)", "realm 70000 (tag 1234)"]);
    // a text key and a 64-bit key are recorded too; a huge text key is cut
    const odd = decodeCcaToken(tamperedToken({ realm: (m) => (m as Map<unknown, unknown>).set("x".repeat(100), true).set(2n ** 64n - 1n, null) }));
    expect(odd.unknownClaims.map(describeUnknownClaim)).toEqual([`realm "${"x".repeat(64)}…" (bool)`, "realm 18446744073709551615 (null)"]);
  });

  it("records at most 16 unknown claims per token and counts the rest", () => {
    const many = new Map<number, unknown>(Array.from({ length: 20 }, (_, i) => [100000 + i, i]));
    const t = decodeCcaToken(fixtureRealm({ extraRealmClaims: many }).attest(challenge));
    expect(t.unknownClaims.length).toBe(MAX_RECORDED_UNKNOWN_CLAIMS);
    expect(t.unknownClaimsOmitted).toBe(4);
  });

  it("a realm-only (virtCCA) token stays exactly 7 claims: an unknown claim there is refused", () => {
    expectInvalid(() => decodeCcaToken(tamperedToken({ realmOnly: true, realm: (m) => m.set(99999, 1) })), "realm-only (virtCCA) token has 8 realm claims; expected exactly 7");
  });

  it("a collection key it does not know is still refused (the collection is not a claims set)", () => {
    const token = fixtureRealm().attest(challenge);
    const top = decodeCbor(token, "t") as Tag;
    (top.contents as Map<number, unknown>).set(44242, [263, b(2)]);
    expectInvalid(() => decodeCcaToken(encodeCbor(top)), "CCA token collection has unknown key 44242");
  });
});
