import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { parseAsciiLog } from "./ima-ascii-log.ts";
import { parseBinaryLog } from "./ima-binary-log.ts";
import { ImaEmulator, type FileReadEvent } from "./ima-emulator.ts";
import { replayPcr, replayRem0 } from "./ima-replay.ts";
import { appraiseLog } from "./keylime-appraise.ts";
import { buildRuntimePolicy } from "./keylime-runtime-policy.ts";

const SEED_POLICY = "# the seed's policy: files owned by the attest user, measured when read\nmeasure func=FILE_CHECK mask=MAY_READ fowner=1001\n";
const sha256hex = (s: string | Buffer): string => createHash("sha256").update(s).digest("hex");
const read = (path: string, content: string, over: Partial<FileReadEvent> = {}): FileReadEvent => ({ path, uid: 1001, euid: 1001, gid: 1001, fowner: 1001, fgroup: 1001, content, ...over });

describe("ImaEmulator", () => {
  it("starts its log with boot_aggregate (the RIM on virtCCA)", () => {
    const rim = createHash("sha256").update("rim").digest();
    const ima = new ImaEmulator({ policy: SEED_POLICY, bootAggregate: rim });
    expect(ima.entries).toHaveLength(1);
    expect(ima.entries[0]).toMatchObject({ path: "boot_aggregate", digest: rim, pcr: 10 });
    expect(ima.rem0().equals(replayRem0(ima.entries))).toBe(true);
  });

  it("measures reads the policy selects (first match), once per unchanged content", () => {
    const ima = new ImaEmulator({ policy: "dont_measure fsmagic=0x9fa0\n" + SEED_POLICY });
    expect(ima.onFileRead(read("/home/attest/app.jar", "v1")).result).toBe("measured");
    expect(ima.onFileRead(read("/home/attest/app.jar", "v1")).result).toBe("cached");
    expect(ima.onFileRead(read("/home/attest/app.jar", "v2")).result).toBe("measured");
    expect(ima.onFileRead(read("/etc/passwd", "root", { fowner: 0 })).result).toBe("not_in_policy");
    expect(ima.onFileRead(read("/proc/self/status", "x", { fsmagic: 0x9fa0 })).result).toBe("not_in_policy");
    expect(ima.onFileRead(read("/home/attest/app.jar", "v3", { mask: ["MAY_READ", "MAY_WRITE"] })).result).toBe("not_in_policy");
    expect(ima.entries.map((e) => e.path)).toEqual(["boot_aggregate", "/home/attest/app.jar", "/home/attest/app.jar"]);
    expect(ima.entries[2]!.digest.toString("hex")).toBe(sha256hex("v2"));
  });

  it("exposes ASCII and binary logs that parse back and replay to its REM[0] and PCR 10", () => {
    const ima = new ImaEmulator({ policy: SEED_POLICY });
    for (let i = 0; i < 5; i++) ima.onFileRead(read(`/home/attest/f${i}`, `content ${i}`));
    ima.onViolation("/home/attest/f0");
    const fromBin = parseBinaryLog(ima.binaryLog()).entries;
    expect(fromBin).toEqual(ima.entries);
    expect(parseAsciiLog(ima.asciiLog())).toEqual(ima.entries);
    expect(replayRem0(fromBin).equals(ima.rem0())).toBe(true);
    expect(replayPcr(fromBin).equals(ima.pcr(10))).toBe(true);
    expect(ima.asciiLog().split("\n")[6]).toBe(`10 ${"0".repeat(40)} ima-ng sha256:${"0".repeat(64)} /home/attest/f0`);
  });

  it("puts a measurement on the PCR the rule names", () => {
    const ima = new ImaEmulator({ policy: "measure func=FILE_CHECK pcr=11" });
    ima.onFileRead(read("/x", "x"));
    expect(ima.entries[1]!.pcr).toBe(11);
    expect(ima.pcr(11).equals(replayPcr(ima.entries, 11))).toBe(true);
  });

  it("refuses a policy asking for a template it does not write", () => {
    try {
      new ImaEmulator({ policy: "measure func=FILE_CHECK template=ima-sig" });
      expect.unreachable();
    } catch (e) {
      expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    }
  });

  // defence on / defence off: a Keylime-style verifier catches a swapped file only when IMA measures it
  it("lets an allowlist appraisal catch a swapped file, and only when the policy measures it", () => {
    const allow = buildRuntimePolicy([{ path: "/home/attest/app.jar", sha256: sha256hex("good") }]);
    const on = new ImaEmulator({ policy: SEED_POLICY });
    on.onFileRead(read("/home/attest/app.jar", "good"));
    expect(appraiseLog(on.entries, allow).ok).toBe(true);
    on.onFileRead(read("/home/attest/app.jar", "evil"));
    expect(appraiseLog(on.entries, allow).failures.map((f) => f.kind)).toEqual(["digest_mismatch"]);
    const off = new ImaEmulator({ policy: "# measure nothing\n" });
    off.onFileRead(read("/home/attest/app.jar", "evil"));
    expect(appraiseLog(off.entries, allow).ok).toBe(true);
  });
});
