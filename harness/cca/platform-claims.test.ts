import { describe, expect, it } from "vitest";
import { decodeCbor, encodeCbor } from "./cca-cbor.ts";
import { decodeCcaToken } from "./cca-token-decoder.ts";
import { expectInvalid, tamperedToken, testKeys } from "./cca-test-support.ts";
import { defaultPlatformClaims } from "./emulated-cca-realm.ts";
import { isSecuredLifecycle, LEGACY_PLATFORM_PROFILE, parsePlatformClaims, platformClaimsMap } from "./platform-claims.ts";

const b = (n: number, first = 0): Uint8Array => Uint8Array.of(first, ...new Uint8Array(n - 1));
const sw = (entry: Map<number, unknown>) => (m: Map<number, unknown>) => m.set(2399, [entry]);
const goodSw = (): Map<number, unknown> => new Map<number, unknown>([[1, "BL1"], [2, b(32)], [4, "1"], [5, b(32)], [6, "sha-256"]]);

describe("platform claims", () => {
  it("round-trip in any key order, with and without the verification service", () => {
    const claims = { ...defaultPlatformClaims(testKeys.cpak.publicKey), challenge: b(32) };
    const shuffled = new Map([...platformClaimsMap(claims)].reverse());
    expect(parsePlatformClaims(decodeCbor(encodeCbor(shuffled), "t"))).toEqual(claims);
    const { verificationService: _vs, ...without } = claims;
    expect(parsePlatformClaims(decodeCbor(encodeCbor(platformClaimsMap(without)), "t"))).toEqual(without);
    expect(parsePlatformClaims(decodeCbor(encodeCbor(platformClaimsMap({ ...claims, profile: LEGACY_PLATFORM_PROFILE })), "t")).profile).toBe(LEGACY_PLATFORM_PROFILE);
  });

  it("knows the secured lifecycle range", () => {
    expect([0x2fff, 0x3000, 0x30ff, 0x3100].map(isSecuredLifecycle)).toEqual([false, true, true, false]);
  });

  const cases: [string, (m: Map<number, unknown>) => void, string][] = [
    ["challenge 31 bytes", (m) => m.set(10, b(31)), "platform claim 10 (challenge) is 31 bytes; expected 32, 48 or 64"],
    ["challenge 65 bytes", (m) => m.set(10, b(65)), "platform claim 10 (challenge) is 65 bytes; expected 32, 48 or 64"],
    ["implementation id 33 bytes", (m) => m.set(2396, b(33)), "platform claim 2396 (implementation id) is 33 bytes; expected 32"],
    ["instance id 32 bytes", (m) => m.set(256, b(32, 1)), "platform claim 256 (instance id) is 32 bytes; expected 33"],
    ["instance id not starting 0x01", (m) => m.set(256, b(33, 2)), "platform claim 256 (instance id) starts with 0x02; expected 0x01"],
    ["config as text", (m) => m.set(2401, "cfg"), "platform claim 2401 (config) is a string; expected a bstr"],
    ["lifecycle > uint16", (m) => m.set(2395, 0x10000), "platform claim 2395 (lifecycle) is 65536; expected an unsigned integer ≤ 65535"],
    ["lifecycle negative", (m) => m.set(2395, -1), "platform claim 2395 (lifecycle) is -1"],
    ["no sw components", (m) => m.set(2399, []), "platform claim 2399 (sw components) is empty"],
    ["sw component without measurement", sw(new Map([[5, b(32)]])), "platform claim 2399 (sw components) entry 0 key 2 (measurement value) is missing"],
    ["sw measurement 20 bytes", sw(new Map([[2, b(20)], [5, b(32)]])), "entry 0 key 2 (measurement value) is 20 bytes; expected 32, 48 or 64"],
    ["sw signer id 16 bytes", sw(new Map([[2, b(32)], [5, b(16)]])), "entry 0 key 5 (signer id) is 16 bytes; expected 32, 48 or 64"],
    ["sw unknown key", sw(goodSw().set(3, "x")), "platform claim 2399 (sw components) entry 0 has unknown key 3"],
    ["sw version as int", sw(goodSw().set(4, 1)), "entry 0 key 4 (version) is a number; expected a text string"],
    ["verification service as bstr", (m) => m.set(2400, b(4)), "platform claim 2400 (verification service) is a 4-byte bstr; expected a text string"],
    ["hash algo missing", (m) => m.delete(2402), "platform claim 2402 (hash algorithm) is missing"],
    ["profile wrong", (m) => m.set(265, "psa"), 'platform claim 265 (profile) is "psa"'],
    ["a bstr claim key", (m) => m.set(Uint8Array.of(1) as unknown as number, 1), "platform token payload has a key of type bstr; claim keys are integers or text"],
  ];
  it.each(cases)("refuses %s with a message naming the claim", (_name, edit, message) => {
    expectInvalid(() => decodeCcaToken(tamperedToken({ platform: edit })), message);
  });

  it("records an unknown platform claim instead of refusing it (EAT: ignore what you do not understand)", () => {
    const t = decodeCcaToken(tamperedToken({ platform: (m) => m.set(2397, 1).set(-70000, "x".repeat(5)) }));
    expect(t.unknownClaims).toEqual([
      { token: "platform", key: "2397", type: "uint" },
      { token: "platform", key: "-70000", type: "tstr", size: 5 },
    ]);
    expect(decodeCcaToken(tamperedToken()).unknownClaims).toEqual([]);
  });
});
