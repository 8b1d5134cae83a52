import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeCbor } from "./cca-cbor.ts";
import { decodeCcaToken } from "./cca-token-decoder.ts";
import { verifyCcaToken } from "./cca-token-verifier.ts";
import { challenge, fixtureRealm, testKeys } from "./cca-test-support.ts";
import { EmulatedCcaRealm } from "./emulated-cca-realm.ts";
import { replayRem } from "./rem-extend.ts";

describe("EmulatedCcaRealm", () => {
  it("starts with zero REMs and reports each extend in the next token", () => {
    const realm = fixtureRealm();
    expect(realm.readRem(2)).toEqual(new Uint8Array(32));
    const before = decodeCcaToken(realm.attest(challenge)).realm.claims.extensibleMeasurements;
    realm.extendRem(2, Uint8Array.of(1, 2, 3));
    const after = decodeCcaToken(realm.attest(challenge)).realm.claims.extensibleMeasurements;
    expect(after[2]).toEqual(replayRem([Uint8Array.of(1, 2, 3)], "sha-256"));
    expect(after[2]).not.toEqual(before[2]);
    expect([after[0], after[1], after[3]]).toEqual([before[0], before[1], before[3]]);
  });

  it("zero-pads a 32-byte challenge to 64 (as arm-cca-guest does) and refuses other sizes", () => {
    const realm = fixtureRealm();
    const c32 = new Uint8Array(32).fill(0xaa);
    expect(decodeCcaToken(realm.attest(c32)).realm.claims.challenge).toEqual(Uint8Array.from([...c32, ...new Uint8Array(32)]));
    expect(() => realm.attest(new Uint8Array(31))).toThrow(/challenge is 31 bytes; expected 32–64/);
    expect(() => realm.attest(new Uint8Array(65))).toThrow(/challenge is 65 bytes/);
    expect(() => realm.extendRem(4, Uint8Array.of(1))).toThrow(/REM index 4 is out of range/);
  });

  it("binds the platform token to its RAK and signs with its CPAK", () => {
    const realm = fixtureRealm();
    const v = verifyCcaToken(realm.attest(challenge), { endorsedPlatformKeys: [testKeys.cpak.publicKey] });
    expect(v.platformKey?.export({ type: "spki", format: "der" })).toEqual(testKeys.cpak.publicKey.export({ type: "spki", format: "der" }));
    expect(v.platform?.claims.instanceId[0]).toBe(0x01);
    expect(v.platform?.claims.swComponents.map((s) => s.type)).toEqual(["BL1", "BL2", "BL31", "RMM"]);
  });

  it("virtCCA: a realm-only token with exactly 7 claims and IMA template hashes in REM[0]", () => {
    const realm = fixtureRealm({ flavour: "virtcca" });
    const templates = ["boot_aggregate", "/usr/bin/spark-submit"].map((t) => new Uint8Array(createHash("sha256").update(t).digest()));
    for (const t of templates) realm.recordImaMeasurement(t);
    const token = realm.attest(challenge);
    const collection = decodeCbor(token, "t") as { contents: Map<number, unknown> };
    expect([...collection.contents.keys()]).toEqual([44241]);
    const decoded = decodeCcaToken(token);
    expect(decoded.realm.claims.profile).toBeUndefined();
    expect((decodeCbor(decoded.realm.cose.payload, "p") as Map<number, unknown>).size).toBe(7);
    // a verifier replays the IMA log as REM0 = SHA256(REM0 ‖ template hash) and compares
    expect(decoded.realm.claims.extensibleMeasurements[0]).toEqual(replayRem(templates, "sha-256"));
  });

  it("refuses options that cannot work together", () => {
    expect(() => new EmulatedCcaRealm({ platformAlgorithm: "ES256", cpakPrivateKey: testKeys.cpak.privateKey })).toThrow(/needs prime256v1/);
    expect(() => new EmulatedCcaRealm({ rakPrivateKey: testKeys.cpakEs256.privateKey })).toThrow(/rakPrivateKey must be P-384/);
    expect(() => new EmulatedCcaRealm({ flavour: "virtcca", realmProfile: true })).toThrow(/tokenFormat realm-1.0: virtCCA realm tokens are the legacy shape/);
    expect(() => new EmulatedCcaRealm({ flavour: "virtcca", tokenFormat: "realm-2.0" })).toThrow(/tokenFormat realm-2.0: virtCCA/);
    expect(() => new EmulatedCcaRealm({ tokenFormat: "rmm-9" as "legacy" })).toThrow(/tokenFormat is "rmm-9"; expected "realm-2.0", "tf-rmm-0.8", "realm-1.0", "legacy"/);
    expect(() => new EmulatedCcaRealm({ realmInstanceId: new Uint8Array(33) })).toThrow(/realmInstanceId is 33 bytes starting 0x00; expected 33 bytes starting 0x01/);
    expect(() => new EmulatedCcaRealm({ realmInstanceId: Uint8Array.of(1, 2) })).toThrow(/realmInstanceId is 2 bytes/);
    expect(() => new EmulatedCcaRealm({ rim: new Uint8Array(20) })).toThrow(/rim is 20 bytes/);
  });
});
