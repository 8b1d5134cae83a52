import { describe, expect, it } from "vitest";
import { matches, policyDecides, type ImaEvent } from "./ima-policy-match.ts";
import { parseImaPolicy, parseImaRule } from "./ima-policy.ts";

const read = (over: Partial<ImaEvent> = {}): ImaEvent => ({
  func: "FILE_CHECK",
  mask: ["MAY_READ"],
  uid: 1001,
  euid: 1001,
  gid: 1001,
  fowner: 1001,
  fgroup: 1001,
  path: "/home/attest/report.json",
  ...over,
});
const rule = (line: string) => parseImaRule(line)!;

describe("matches", () => {
  const seed = rule("measure func=FILE_CHECK mask=MAY_READ fowner=1001");

  it("matches the seed's rule for a read of a file the attest user owns, and nothing else", () => {
    expect(matches(seed, read())).toBe(true);
    expect(matches(seed, read({ fowner: 1000 }))).toBe(false);
    expect(matches(seed, read({ func: "BPRM_CHECK", mask: ["MAY_EXEC"] }))).toBe(false);
    // the kernel compares the whole access mask: a read-write open is not mask=MAY_READ
    expect(matches(seed, read({ mask: ["MAY_READ", "MAY_WRITE"] }))).toBe(false);
    expect(matches(seed, read({ func: "PATH_CHECK" }))).toBe(true);
  });

  it("matches ^MAY_READ when the access includes the bit", () => {
    const r = rule("measure func=FILE_CHECK mask=^MAY_READ");
    expect(matches(r, read({ mask: ["MAY_READ", "MAY_WRITE"] }))).toBe(true);
    expect(matches(r, read({ mask: 0x4 | 0x8 }))).toBe(true);
    expect(matches(r, read({ mask: ["MAY_WRITE"] }))).toBe(false);
  });

  it("applies the id operators", () => {
    expect(matches(rule("measure uid<1000"), read({ uid: 999 }))).toBe(true);
    expect(matches(rule("measure uid<1000"), read({ uid: 1000 }))).toBe(false);
    expect(matches(rule("measure euid>0"), read({ euid: 0 }))).toBe(false);
    expect(matches(rule("measure fgroup=7"), read({ fgroup: 7 }))).toBe(true);
    expect(matches(rule("measure egid=5"), read({ gid: 5 }))).toBe(true);
    expect(matches(rule("measure egid=5"), read({ gid: 5, egid: 6 }))).toBe(false);
  });

  it("matches file-system and LSM conditions only when the event carries them", () => {
    expect(matches(rule("dont_measure fsmagic=0x9fa0"), read({ fsmagic: 0x9fa0 }))).toBe(true);
    expect(matches(rule("dont_measure fsmagic=0x9fa0"), read())).toBe(false);
    expect(matches(rule("measure fsuuid=8BCBE394-4f13-4144-be8e-5aa9ea2ce2f6"), read({ fsuuid: "8bcbe394-4f13-4144-be8e-5aa9ea2ce2f6" }))).toBe(true);
    expect(matches(rule("measure fsname=tmpfs"), read({ fsname: "ext4" }))).toBe(false);
    expect(matches(rule("dont_measure obj_type=var_log_t"), read({ lsm: { obj_type: "var_log_t" } }))).toBe(true);
    expect(matches(rule("dont_measure obj_type=var_log_t"), read())).toBe(false);
  });
});

describe("policyDecides", () => {
  it("lets the first matching measure/dont_measure rule decide", () => {
    const skipProc = parseImaPolicy("dont_measure fsmagic=0x9fa0\nmeasure func=FILE_CHECK mask=MAY_READ\n");
    expect(policyDecides(skipProc, read({ fsmagic: 0x9fa0 })).measure).toBe(false);
    expect(policyDecides(skipProc, read({ fsmagic: 0x9fa0 })).measureRule).toBe(0);
    expect(policyDecides(skipProc, read()).measure).toBe(true);
    const measureFirst = parseImaPolicy("measure func=FILE_CHECK mask=MAY_READ\ndont_measure fsmagic=0x9fa0\n");
    expect(policyDecides(measureFirst, read({ fsmagic: 0x9fa0 })).measure).toBe(true);
  });

  it("decides measure, appraise, audit and hash independently, and takes pcr= and template= from the matching rule", () => {
    const p = parseImaPolicy(["appraise fowner=1001", "measure func=FILE_CHECK pcr=11 template=ima-ng", "measure func=FILE_CHECK pcr=12", "audit func=FILE_CHECK", "dont_hash fowner=1001", "hash"].join("\n"));
    const d = policyDecides(p, read());
    expect(d).toMatchObject({ measure: true, appraise: true, audit: true, hash: false, pcr: 11, template: "ima-ng", measureRule: 1 });
    const other = policyDecides(p, read({ fowner: 0, func: "BPRM_CHECK" }));
    expect(other).toMatchObject({ measure: false, appraise: false, audit: false, hash: true, pcr: 10 });
    expect(other.measureRule).toBeUndefined();
  });

  it("measures nothing under an empty policy", () => {
    expect(policyDecides(parseImaPolicy("# nothing\n"), read()).measure).toBe(false);
  });
});
