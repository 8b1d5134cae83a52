// TF-RMM v0.8.0's realm token (and v0.9.0's, in tag 907): profile 1.0 with the MEC policy (44243) as text.
import { describe, expect, it } from "vitest";
import { decodeCbor, encodeCbor } from "./cca-cbor.ts";
import { buildCcaToken } from "./cca-token-builder.ts";
import { decodeCcaToken } from "./cca-token-decoder.ts";
import { verifyCcaToken } from "./cca-token-verifier.ts";
import { challenge, expectInvalid, fixtureRealm, hex, tamperedToken, testKeys } from "./cca-test-support.ts";
import { ccaDigest } from "./cca-hash.ts";
import { defaultPlatformClaims } from "./emulated-cca-realm.ts";
import { platformClaimsMap } from "./platform-claims.ts";
import { encodeRakPublicKey } from "./rak-public-key.ts";
import { parseRealmClaims, REALM_PROFILE_1_0, REALM_PROFILE_2_0, realmClaimsMap } from "./realm-claims.ts";

const endorsed = { endorsedPlatformKeys: [testKeys.cpak.publicKey] };
const v08 = (edit: (m: Map<number, unknown>) => void) => tamperedToken({ format: "tf-rmm-0.8", realm: edit });
const OLD_REFUSAL = "realm claim 44243 (MEC policy) is a string; expected an unsigned integer";

/**
 * The realm payload as TF-RMM v0.8.0's attest_app_realm_token_create writes it, built here by hand (not through
 * realmClaimsMap): 10, 44235, 44237 (COSE_Key), 44236, 44240, 44243 (attest_get_mec_policy_text), 265
 * (CCA_REALM_PROFILE_STR), 44238, 44239.
 */
function tfRmm08Payload(mec: "shared" | "private"): Map<number, unknown> {
  const sha = (s: string): Uint8Array => ccaDigest("sha-256", new TextEncoder().encode(s));
  return new Map<number, unknown>([
    [10, challenge],
    [44235, new Uint8Array(64)],
    [44237, encodeRakPublicKey(testKeys.rak.publicKey, "cose-key")],
    [44236, "sha-256"],
    [44240, "sha-256"],
    [44243, mec],
    [265, "tag:arm.com,2023:realm#1.0.0"],
    [44238, sha("rim")],
    [44239, [sha("rem0"), sha("rem1"), sha("rem2"), sha("rem3")]],
  ]);
}

function signed(realm: Map<number, unknown>, form: "tag399" | "cmw907" = "tag399"): Uint8Array {
  const platform = platformClaimsMap({ ...defaultPlatformClaims(testKeys.cpak.publicKey), challenge: ccaDigest("sha-256", realm.get(44237) as Uint8Array) });
  return buildCcaToken({ realmClaims: realm, rakPrivateKey: testKeys.rak.privateKey, platform: { claims: platform, cpakPrivateKey: testKeys.cpak.privateKey }, form });
}

describe("realm tokens as TF-RMM v0.8.0 emits them (profile 1.0, MEC policy as text)", () => {
  it.each(["shared", "private"] as const)("a hand-built v0.8.0 token with MEC policy %j is decoded and verified", (mec) => {
    let t: ReturnType<typeof verifyCcaToken> | undefined;
    let error: unknown;
    try {
      t = verifyCcaToken(signed(tfRmm08Payload(mec)), { ...endorsed, expectedChallenge: challenge });
    } catch (e) {
      error = e;
    }
    expect(String(error ?? "")).not.toContain(OLD_REFUSAL);
    expect(error).toBeUndefined();
    expect(t!.form).toBe("tag399");
    expect(t!.realmFormat).toBe("tf-rmm-0.8");
    expect(t!.realm.claims.profile).toBe(REALM_PROFILE_1_0);
    expect(t!.realm.claims.mecPolicy).toBe(mec);
    expect(t!.realm.claims.instanceId).toBeUndefined();
    expect(t!.unknownClaims).toEqual([]);
  });

  it("is the tf-rmm-0.8 emitter shape: byte for byte the v0.8.0 layout, tag 399, 44243 = text \"shared\" before 265", () => {
    const realm = fixtureRealm({ tokenFormat: "tf-rmm-0.8" });
    const token = realm.attest(challenge);
    expect(hex(token.subarray(0, 3))).toBe("d9018f");
    const t = verifyCcaToken(token, { ...endorsed, expectedChallenge: challenge });
    expect([t.form, t.realmFormat, t.realm.claims.mecPolicy]).toEqual(["tag399", "tf-rmm-0.8", "shared"]);
    const payload = decodeCbor(t.realm.cose.payload, "p") as Map<number, unknown>;
    expect([...payload.keys()]).toEqual([10, 44235, 44237, 44236, 44240, 44243, 265, 44238, 44239]);
    expect(payload.get(44243)).toBe("shared");
    expect(hex(t.realm.cose.payload)).toContain(`19acd3${"66"}${Buffer.from("shared").toString("hex")}`); // 44243: text(6) "shared"
    // the same claims written by hand in TF-RMM's order give the same payload bytes
    const byHand = tfRmm08Payload("shared");
    byHand.set(44235, t.realm.claims.personalizationValue).set(44238, realm.rim).set(44239, [...t.realm.claims.extensibleMeasurements]);
    expect(hex(encodeCbor(byHand))).toBe(hex(t.realm.cose.payload));
    // options: a private MEC policy; TF-RMM v0.9.0's tag 907 collection around the same realm token
    expect(decodeCcaToken(fixtureRealm({ tokenFormat: "tf-rmm-0.8", mecPolicy: "private" }).attest(challenge)).realm.claims.mecPolicy).toBe("private");
    const v09 = verifyCcaToken(fixtureRealm({ tokenFormat: "tf-rmm-0.8", form: "cmw907" }).attest(challenge), endorsed);
    expect([v09.form, v09.realmFormat]).toEqual(["cmw907", "tf-rmm-0.8"]);
    expect(verifyCcaToken(signed(tfRmm08Payload("shared"), "cmw907"), endorsed).realmFormat).toBe("tf-rmm-0.8");
  });

  it("round-trips: the typed claims re-encode to the text form under profile 1.0, the integer form under 2.0", () => {
    const c08 = fixtureRealm({ tokenFormat: "tf-rmm-0.8", mecPolicy: "private" }).realmClaims(challenge);
    expect(realmClaimsMap(c08).get(44243)).toBe("private");
    expect(parseRealmClaims(decodeCbor(encodeCbor(realmClaimsMap(c08)), "t"))).toEqual(c08);
    const c20 = fixtureRealm({ mecPolicy: "private" }).realmClaims(challenge);
    expect(realmClaimsMap(c20).get(44243)).toBe(1);
    expect(parseRealmClaims(decodeCbor(encodeCbor(realmClaimsMap(c20)), "t"))).toEqual(c20);
  });

  const refusals: [string, (m: Map<number, unknown>) => void, string][] = [
    // no RMM writes the integer under profile 1.0: v0.8.0/v0.9.0 write text, and the integer arrived with profile 2.0
    ["MEC policy 0 (the profile 2.0 form)", (m) => m.set(44243, 0), `realm claim 44243 (MEC policy) is 0; profile ${REALM_PROFILE_1_0} carries it as text, "shared" or "private"`],
    ["MEC policy 1", (m) => m.set(44243, 1), "realm claim 44243 (MEC policy) is 1; profile"],
    ["MEC policy as bstr", (m) => m.set(44243, new TextEncoder().encode("shared")), "realm claim 44243 (MEC policy) is a 6-byte bstr; profile"],
    ["MEC policy \"Shared\"", (m) => m.set(44243, "Shared"), 'realm claim 44243 (MEC policy) is "Shared"; expected "shared" or "private"'],
    ["MEC policy \"\"", (m) => m.set(44243, ""), 'realm claim 44243 (MEC policy) is ""; expected "shared" or "private"'],
    // text under profile 2.0 is refused (see realm-claims-v2.test.ts); so is a 2.0 profile over a v0.8.0 payload
    ["profile 2.0 over a text MEC policy", (m) => m.set(265, REALM_PROFILE_2_0).set(256, Uint8Array.of(1, ...new Uint8Array(32))), `realm claim 44243 (MEC policy) is the text "shared"; profile ${REALM_PROFILE_2_0} carries an unsigned integer`],
  ];
  it.each(refusals)("refuses a profile 1.0 token with %s", (_name, edit, message) => {
    expectInvalid(() => decodeCcaToken(v08(edit)), message);
  });

  it("without 44243 the same token is plain realm-1.0 (TF-RMM v0.6.0–v0.7.0)", () => {
    expect(decodeCcaToken(v08((m) => m.delete(44243))).realmFormat).toBe("realm-1.0");
  });
});
