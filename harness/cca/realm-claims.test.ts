import { describe, expect, it } from "vitest";
import { decodeCbor, encodeCbor } from "./cca-cbor.ts";
import { decodeCcaToken } from "./cca-token-decoder.ts";
import { challenge, expectInvalid, fixtureRealm, hex, tamperedToken } from "./cca-test-support.ts";
import { parseRealmClaims, REALM_PROFILE, realmClaimsMap } from "./realm-claims.ts";

const b = (n: number): Uint8Array => new Uint8Array(n);

describe("realm claims", () => {
  it("are written in TF-RMM's key order 10, 44235, 44237, 44236, 44240, 265, 44238, 44239", () => {
    const payload = encodeCbor(realmClaimsMap(fixtureRealm({ realmProfile: true }).realmClaims(challenge)));
    expect(payload[0]).toBe(0xa8); // map(8)
    const keyHeader = (label: number): string => (label < 24 ? hex(Uint8Array.of(label)) : label < 256 ? `18${label.toString(16)}` : `19${label.toString(16).padStart(4, "0")}`);
    const text = hex(payload);
    const positions = [10, 44235, 44237, 44236, 44240, 265, 44238, 44239].map((l) => ({ l, at: l === 10 ? 2 : text.indexOf(keyHeader(l)) }));
    expect(hex(payload.subarray(1, 4))).toBe("0a5840"); // 10 => bstr(64)
    for (const p of positions) expect(p.at, `key ${p.l}`).toBeGreaterThan(0);
    expect(positions.map((p) => p.at)).toEqual([...positions.map((p) => p.at)].sort((x, y) => x - y));
    // the raw legacy layout without the profile: 7 claims, RAK right after the personalization value
    const legacy = encodeCbor(realmClaimsMap(fixtureRealm({ tokenFormat: "legacy" }).realmClaims(challenge)));
    expect(legacy[0]).toBe(0xa7);
    expect(hex(legacy.subarray(1 + 3 + 64, 1 + 3 + 64 + 5 + 64 + 6))).toBe(`19accb5840${"00".repeat(64)}19accd586104`);
  });

  it("round-trip through the map, and the decoder does not require canonical order", () => {
    const claims = fixtureRealm({ realmProfile: true }).realmClaims(challenge);
    const shuffled = new Map([...realmClaimsMap(claims)].reverse());
    expect(parseRealmClaims(decodeCbor(encodeCbor(shuffled), "t"))).toEqual(claims);
    expect(claims.profile).toBe(REALM_PROFILE);
  });

  const cases: [string, (m: Map<number, unknown>) => void, string][] = [
    ["challenge 63 bytes", (m) => m.set(10, b(63)), "realm claim 10 (challenge) is 63 bytes; expected 64"],
    ["challenge 32 bytes", (m) => m.set(10, b(32)), "realm claim 10 (challenge) is 32 bytes; expected 64"],
    ["personalization 65 bytes", (m) => m.set(44235, b(65)), "realm claim 44235 (personalization value) is 65 bytes; expected 64"],
    ["hash algo sha-384", (m) => m.set(44236, "sha-384"), 'realm claim 44236 (hash algorithm) is "sha-384"; expected "sha-256" or "sha-512"'],
    ["hash algo as int", (m) => m.set(44236, 1), "realm claim 44236 (hash algorithm) is a number; expected a text string"],
    ["RAK 96 bytes", (m) => m.set(44237, b(96)), "realm claim 44237 (RAK public key) is 96 bytes; expected 97"],
    ["RAK compressed", (m) => m.set(44237, Uint8Array.of(0x02, ...b(96))), "realm claim 44237 (RAK public key) starts with 0x02; expected 0x04"],
    ["RAK off the curve", (m) => m.set(44237, Uint8Array.of(0x04, ...b(96))), "realm claim 44237 (RAK public key) is not a point on P-384"],
    ["RIM 31 bytes", (m) => m.set(44238, b(31)), "realm claim 44238 (RIM) is 31 bytes; expected 32, 48 or 64"],
    ["RIM 33 bytes", (m) => m.set(44238, b(33)), "realm claim 44238 (RIM) is 33 bytes; expected 32, 48 or 64"],
    ["3 REMs", (m) => m.set(44239, [b(32), b(32), b(32)]), "realm claim 44239 (REMs) has 3 entries; expected exactly 4"],
    ["5 REMs", (m) => m.set(44239, [b(32), b(32), b(32), b(32), b(32)]), "realm claim 44239 (REMs) has 5 entries; expected exactly 4"],
    ["REM 2 of 20 bytes", (m) => m.set(44239, [b(32), b(32), b(20), b(32)]), "realm claim 44239 (REMs) entry 2 is 20 bytes; expected 32, 48 or 64"],
    ["REM as text", (m) => m.set(44239, [b(32), "x", b(32), b(32)]), "realm claim 44239 (REMs) entry 1 is a string; expected a bstr"],
    ["REMs not an array", (m) => m.set(44239, b(128)), "realm claim 44239 (REMs) is a 128-byte bstr; expected an array"],
    ["RAK hash sha-512", (m) => m.set(44240, "sha-512"), 'realm claim 44240 (RAK hash algorithm) is "sha-512"; expected "sha-256"'],
    ["wrong profile", (m) => m.set(265, "tag:arm.com,2023:realm#2.0.0"), "realm claim 265 (profile) is"],
    ["RIM missing", (m) => m.delete(44238), "realm claim 44238 (RIM) is missing"],
    ["challenge missing", (m) => m.delete(10), "realm claim 10 (challenge) is missing"],
    ["a float claim key", (m) => m.set(1.5, b(1)), "realm token payload has a key of type float; claim keys are integers or text"],
  ];
  it.each(cases)("refuses %s with a message naming the claim", (_name, edit, message) => {
    expectInvalid(() => decodeCcaToken(tamperedToken({ realm: edit })), message);
  });

  it("parses the RAK as a COSE_Key when the profile is present, and checks its fields", () => {
    const claims = fixtureRealm({ realmProfile: true }).realmClaims(challenge);
    expect(hex(claims.publicKey.subarray(0, 8))).toBe("a401022002215830");
    expectInvalid(
      () => decodeCcaToken(tamperedToken({ realm: (m) => m.set(265, REALM_PROFILE) })),
      "realm claim 44237 (RAK public key) COSE_Key is not well-formed CBOR",
    );
    const coseKey = (crv: number, x = b(48)): Uint8Array => encodeCbor(new Map<number, unknown>([[1, 2], [-1, crv], [-2, x], [-3, b(48)]]));
    const withKey = (k: Uint8Array) => tamperedToken({ realm: (m) => m.set(265, REALM_PROFILE).set(44237, k) });
    expectInvalid(() => decodeCcaToken(withKey(coseKey(1))), "COSE_Key crv (-1) is 1; expected 2 (P-384)");
    expectInvalid(() => decodeCcaToken(withKey(coseKey(2, b(47)))), "realm claim 44237 (RAK public key) COSE_Key x (-2) is 47 bytes; expected 48");
  });
});
