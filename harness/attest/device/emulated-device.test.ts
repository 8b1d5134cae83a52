import { createHash, createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCcaTestKey } from "../../cca/cca-test-keys.ts";
import { verifyCcaToken } from "../../cca/cca-token-verifier.ts";
import { parseAsciiLog } from "../../ima/ima-ascii-log.ts";
import { parseBinaryLog } from "../../ima/ima-binary-log.ts";
import { rem0Matches, rem0MatchingPrefix, replayRem0 } from "../../ima/ima-replay.ts";
import { EmulatedDevice, type OpenEvent } from "./emulated-device.ts";

const POLICY = "measure func=FILE_CHECK mask=MAY_READ fowner=1001";
const cpak = loadCcaTestKey("cpak");
const rim = createHash("sha256").update("image").digest();
const sha = (s: string): string => createHash("sha256").update(s).digest("hex");
const open = (path: string, content: string, over: Partial<OpenEvent> = {}): OpenEvent => ({
  path, pid: 42, uid: 1001, euid: 1001, gid: 1001, fowner: 1001, fgroup: 1001, func: "FILE_CHECK", mask: ["MAY_READ"], sha256: sha(content), ...over,
});
const challenge = Buffer.alloc(64, 0x5a);

describe("EmulatedDevice (realm + IMA as files)", () => {
  let dir: string;
  let faults: string;
  let device: EmulatedDevice;
  const binary = () => parseBinaryLog(readFileSync(join(dir, "ima", "binary_runtime_measurements"))).entries;
  const verify = (token: Uint8Array) => verifyCcaToken(token, { endorsedPlatformKeys: [cpak.publicKey], expectedChallenge: challenge });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "device-test-"));
    faults = join(dir, "faults.json");
    device = new EmulatedDevice({ policy: POLICY, cpakPrivateKey: cpak.privateKey, rim, imaDir: join(dir, "ima"), faultsFile: faults });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("boots with boot_aggregate = RIM as the only entry, in both log files, and the policy file", () => {
    const entries = binary();
    expect(entries.map((e) => e.path)).toEqual(["boot_aggregate"]);
    expect(entries[0]!.digest.equals(rim)).toBe(true);
    expect(parseAsciiLog(readFileSync(join(dir, "ima", "ascii_runtime_measurements"), "utf8"))).toHaveLength(1);
    expect(readFileSync(join(dir, "ima", "policy"), "utf8")).toBe(`${POLICY}\n`);
    expect(rem0Matches(entries, device.rem0())).toBe(true);
  });

  it("measures what the policy says, once per (path, content), and REM[0] in the token replays from the log", () => {
    expect(device.onOpen(open("/opt/spark/jars/a.jar", "A")).result).toBe("measured");
    expect(device.onOpen(open("/opt/spark/jars/a.jar", "A", { pid: 7, uid: 0 })).result).toBe("cached");
    expect(device.onOpen(open("/etc/passwd", "root", { fowner: 0 })).result).toBe("not_in_policy");
    expect(device.onOpen(open("/opt/spark/jars/a.jar", "A", { mask: ["MAY_EXEC"], func: "BPRM_CHECK" })).result).toBe("not_in_policy");
    expect(device.onOpen(open("/opt/spark/jars/w.log", "W", { mask: ["MAY_WRITE", "MAY_APPEND"] })).result).toBe("not_in_policy");
    expect(device.onOpen(open("/opt/spark/jars/rw.db", "RW", { mask: ["MAY_READ", "MAY_WRITE"] })).result).toBe("not_in_policy"); // mask= is an exact match
    expect(device.onOpen(open("/opt/spark/jars/a.jar", "A2")).result).toBe("measured"); // changed content: measured again
    expect(device.onOpen(open("/opt/spark/jars/a.jar", "A")).result).toBe("cached"); // back to a logged template hash
    expect(device.onOpen(open("/opt/spark/jars/b.jar", "B", { sha256: null })).result).toBe("unhashed");
    const entries = binary();
    expect(entries.map((e) => [e.path, e.digest.toString("hex")])).toEqual([
      ["boot_aggregate", rim.toString("hex")],
      ["/opt/spark/jars/a.jar", sha("A")],
      ["/opt/spark/jars/a.jar", sha("A2")],
    ]);
    const token = verify(device.attest(challenge));
    expect(Buffer.from(token.realm.claims.extensibleMeasurements[0]!).equals(replayRem0(entries))).toBe(true);
    expect(Buffer.from(token.realm.claims.initialMeasurement).equals(rim)).toBe(true);
    expect(token.platform).toBeDefined();
  });

  it("emits the TF-RMM main shape by default (tag 907, realm profile 2.0) and TF-RMM v0.8.0's and the older shapes when configured", () => {
    const token = verify(device.attest(challenge));
    expect([token.form, token.realmFormat]).toEqual(["cmw907", "realm-2.0"]);
    for (const tokenFormat of ["tf-rmm-0.8", "realm-1.0", "legacy"] as const) {
      const d = new EmulatedDevice({ policy: POLICY, cpakPrivateKey: cpak.privateKey, rim, tokenFormat });
      const t = verify(d.attest(challenge));
      expect([t.form, t.realmFormat]).toEqual(["tag399", tokenFormat]);
      expect(Buffer.from(t.realm.claims.extensibleMeasurements[0]!).equals(d.rem0())).toBe(true);
    }
  });

  it("virtcca flavour gives a realm-only token", () => {
    const v = new EmulatedDevice({ policy: POLICY, cpakPrivateKey: cpak.privateKey, rim, flavour: "virtcca" });
    const token = verifyCcaToken(v.attest(challenge), { endorsedPlatformKeys: [cpak.publicKey], endorsedRealmKeys: [v.rakPublicKey], expectedChallenge: challenge });
    expect(token.flavour).toBe("virtcca");
    expect(token.platform).toBeUndefined();
  });

  it("foreignPlatformKey: signed by the key made at start, which the verifier refuses unless it endorses it", () => {
    writeFileSync(faults, JSON.stringify({ foreignPlatformKey: true }));
    const token = device.attest(challenge);
    expect(() => verify(token)).toThrow(/endorsed|platform/i);
    const foreign = createPublicKey(device.foreignPlatformKey);
    expect(verifyCcaToken(token, { endorsedPlatformKeys: [foreign], expectedChallenge: challenge }).platform).toBeDefined();
    writeFileSync(faults, "{}"); // read on every request
    expect(verify(device.attest(challenge)).platform).toBeDefined();
  });

  it("rimOverrideHex: the token carries the other RIM; REM[0] and the log are unchanged", () => {
    device.onOpen(open("/x", "x"));
    const other = "ab".repeat(32);
    writeFileSync(faults, JSON.stringify({ rimOverrideHex: other }));
    const token = verify(device.attest(challenge));
    expect(Buffer.from(token.realm.claims.initialMeasurement).toString("hex")).toBe(other);
    expect(rem0Matches(binary(), token.realm.claims.extensibleMeasurements[0]!)).toBe(true);
  });

  it.each(["truncate", "reorder"] as const)("imaLog=%s: the exposed log no longer replays to REM[0], which stays true", (kind) => {
    device.onOpen(open("/a", "a"));
    device.onOpen(open("/b", "b"));
    const trueRem0 = device.rem0();
    writeFileSync(faults, JSON.stringify({ imaLog: kind }));
    const token = verify(device.attest(challenge));
    const rem0 = token.realm.claims.extensibleMeasurements[0]!;
    expect(Buffer.from(rem0).equals(trueRem0)).toBe(true);
    expect(rem0Matches(device.entries, rem0)).toBe(true);
    const exposed = binary();
    expect(exposed.length).toBe(kind === "truncate" ? 2 : 3);
    expect(rem0MatchingPrefix(exposed, rem0)).toBeUndefined();
    // a later measurement does not repair it
    device.onOpen(open("/c", "c"));
    expect(rem0MatchingPrefix(binary(), device.rem0())).toBeUndefined();
    // fault removed: the next request exposes the true log again
    rmSync(faults);
    const again = verify(device.attest(challenge));
    expect(rem0Matches(binary(), again.realm.claims.extensibleMeasurements[0]!)).toBe(true);
  });

  it("a malformed fault file fails the request loudly", () => {
    writeFileSync(faults, JSON.stringify({ imaLog: "shuffle" }));
    expect(() => device.attest(challenge)).toThrow(/fault file .*imaLog/);
    writeFileSync(faults, "{not json");
    expect(() => device.attest(challenge)).toThrow(/not JSON/);
  });

  it("reboot: new RAK, log with only boot_aggregate, cache cleared, log fault dropped", () => {
    device.onOpen(open("/a", "a"));
    const rak = device.rakPublicKey.export({ type: "spki", format: "der" });
    device.reboot();
    expect(device.boots).toBe(2);
    expect(binary().map((e) => e.path)).toEqual(["boot_aggregate"]);
    expect(device.rakPublicKey.export({ type: "spki", format: "der" }).equals(rak)).toBe(false);
    expect(device.onOpen(open("/a", "a")).result).toBe("measured");
    expect(rem0Matches(binary(), verify(device.attest(challenge)).realm.claims.extensibleMeasurements[0]!)).toBe(true);
  });

  it("refuses a RIM that is not 32 bytes and a policy asking for another template", () => {
    expect(() => new EmulatedDevice({ policy: POLICY, cpakPrivateKey: cpak.privateKey, rim: Buffer.alloc(31) })).toThrow(/rim is 31 bytes/);
    expect(() => new EmulatedDevice({ policy: "measure func=FILE_CHECK template=ima-sig", cpakPrivateKey: cpak.privateKey, rim })).toThrow(/ima-ng only/);
  });
});
