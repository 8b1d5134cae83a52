import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { writeBinaryLog } from "./ima-binary-log.ts";
import { IncrementalReplay } from "./ima-incremental-replay.ts";
import { rem0MatchingPrefix, rem0Matches, replayEntries, replayPcr, replayRem0, templateHashMismatches } from "./ima-replay.ts";
import { sampleLog, syntheticLog } from "./ima-sample-log.ts";
import { isViolation, type ImaLogEntry } from "./ima-template.ts";

const h = (algo: string, ...parts: Buffer[]): Buffer => parts.reduce((c, p) => c.update(p), createHash(algo)).digest();

/** The formulas written out directly, as a verifier would. */
function direct(entries: readonly ImaLogEntry[]): { pcr10: Buffer; rem0: Buffer } {
  let pcr10: Buffer = Buffer.alloc(20);
  let rem0: Buffer = Buffer.alloc(32);
  for (const e of entries) {
    const violation = e.templateHash.equals(Buffer.alloc(20));
    if (e.pcr === 10) pcr10 = h("sha1", pcr10, violation ? Buffer.alloc(20, 0xff) : e.templateHash);
    rem0 = h("sha256", rem0, violation ? Buffer.alloc(32, 0xff) : h("sha256", e.templateData));
  }
  return { pcr10, rem0 };
}

describe("replay", () => {
  const log = sampleLog();

  it("equals the direct computation of PCR 10 and REM[0]", () => {
    const d = direct(log);
    expect(replayPcr(log).equals(d.pcr10)).toBe(true);
    expect(replayRem0(log).equals(d.rem0)).toBe(true);
    expect(rem0Matches(log, d.rem0)).toBe(true);
    // PCR 11 holds only its own entry
    expect(replayPcr(log, 11).equals(h("sha1", Buffer.alloc(20), log[4]!.templateHash))).toBe(true);
  });

  it("extends a violation as all-0xFF, not as the zeros it logs", () => {
    const v = log[3]!;
    expect(isViolation(v)).toBe(true);
    const before = replayEntries(log.slice(0, 3));
    const after = replayEntries([v], before);
    expect(after.pcrs.get(10)!.equals(h("sha1", before.pcrs.get(10)!, Buffer.alloc(20, 0xff)))).toBe(true);
    expect(after.pcrs.get(10)!.equals(h("sha1", before.pcrs.get(10)!, Buffer.alloc(20)))).toBe(false);
  });

  it("no longer matches after truncation, reordering, dropping or editing an entry", () => {
    const expected = replayRem0(log);
    expect(rem0Matches(log.slice(0, -1), expected)).toBe(false);
    expect(rem0Matches([log[0]!, log[2]!, log[1]!, ...log.slice(3)], expected)).toBe(false);
    expect(rem0Matches([log[0]!, ...log.slice(2)], expected)).toBe(false);
    expect(rem0Matches([], expected)).toBe(false);
  });

  it("finds the prefix a token was taken at when the log grew since", () => {
    const long = syntheticLog(20);
    expect(rem0MatchingPrefix(long, replayRem0(long.slice(0, 7)))).toBe(7);
    expect(rem0MatchingPrefix(long, Buffer.alloc(32))).toBe(0);
    expect(rem0MatchingPrefix(long, Buffer.alloc(32, 1))).toBeUndefined();
  });

  it("finds entries whose template hash does not fit their data", () => {
    expect(templateHashMismatches(log)).toEqual([]);
    const edited = log.map((e) => ({ ...e }));
    edited[2] = { ...edited[2]!, templateData: Buffer.from(edited[1]!.templateData) };
    expect(templateHashMismatches(edited).map((m) => m.index)).toEqual([2]);
  });
});

describe("IncrementalReplay", () => {
  const log = syntheticLog(30);
  const bin = writeBinaryLog(log);
  const whole = replayEntries(log);

  it("gives the whole-log result when fed in two chunks at any split, carrying the partial record over", () => {
    for (const split of [1, 50, 99, 100, 101, Math.floor(bin.length / 2), bin.length - 1]) {
      const r = new IncrementalReplay();
      const used = r.feedBinary(bin.subarray(0, split), 0);
      expect(r.state.byteOffset).toBe(used);
      r.feedBinary(bin.subarray(used), used);
      expect(r.state.entries).toBe(log.length);
      expect(r.state.byteOffset).toBe(bin.length);
      expect(r.state.rem0.equals(whole.rem0)).toBe(true);
      expect(r.state.pcrs.get(10)!.equals(whole.pcrs.get(10)!)).toBe(true);
      expect(r.rem0Matches(whole.rem0)).toBe(true);
    }
  });

  it("gives the whole-log result when fed parsed entries chunk by chunk", () => {
    const r = new IncrementalReplay();
    for (let i = 0; i < log.length; i += 7) r.feedEntries(log.slice(i, i + 7), i);
    expect(r.state.rem0.equals(whole.rem0)).toBe(true);
    expect(r.state.byteOffset).toBe(bin.length);
  });

  it("refuses a read that does not start where the replay stands (a gap or an overlap)", () => {
    const r = new IncrementalReplay();
    const used = r.feedBinary(bin.subarray(0, 400), 0);
    const err = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (e) {
        return e;
      }
    };
    expect(isHarnessError(err(() => r.feedBinary(bin.subarray(used + 1), used + 1)), "INVALID_INPUT")).toBe(true);
    expect(isHarnessError(err(() => r.feedBinary(bin.subarray(0), 0)), "INVALID_INPUT")).toBe(true);
    expect(isHarnessError(err(() => r.feedEntries(log, 0)), "INVALID_INPUT")).toBe(true);
  });

  it("does not match the token's REM[0] when the second read skips or reorders records", () => {
    const r = new IncrementalReplay();
    const first = writeBinaryLog(log.slice(0, 10)).length;
    r.feedBinary(bin.subarray(0, first), 0);
    const rest = log.slice(10);
    r.feedBinary(writeBinaryLog([rest[1]!, rest[0]!, ...rest.slice(2)]), first);
    expect(r.rem0Matches(whole.rem0)).toBe(false);
    const t = new IncrementalReplay();
    t.feedBinary(bin.subarray(0, first), 0);
    t.feedBinary(writeBinaryLog(rest.slice(0, -1)), first);
    expect(t.rem0Matches(whole.rem0)).toBe(false);
  });
});
