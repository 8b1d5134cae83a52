import { describe, expect, it } from "vitest";
import { parseImaPolicy, parseImaRule } from "./ima-policy.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";

/** The error an input throws, for looking at its code and message. */
const errorOf = (fn: () => unknown): { code: string; message: string } => thrownHarnessError(fn);

// rules from Documentation/ABI/testing/ima_policy (default policy and examples) and ima_policy.c's built-in policies
const kernelDocRules = `
# PROC_SUPER_MAGIC
dont_measure fsmagic=0x9fa0
dont_appraise fsmagic=0x9fa0
# SYSFS_MAGIC
dont_measure fsmagic=0x62656572
dont_appraise fsmagic=0x62656572
dont_measure fsmagic=0x64626720
dont_measure fsmagic=0x01021994
dont_measure fsmagic=0x1cd1
dont_measure fsmagic=0x42494e4d
dont_measure fsmagic=0x73636673
dont_measure fsmagic=0xf97cff8c
dont_measure fsmagic=0x43415d53
dont_measure fsmagic=0x6e736673
dont_measure fsmagic=0xde5e81e4

measure func=BPRM_CHECK
measure func=FILE_MMAP mask=MAY_EXEC
measure func=MMAP_CHECK mask=MAY_EXEC
measure func=FILE_CHECK mask=MAY_READ uid=0
measure func=PATH_CHECK mask=MAY_READ uid=0
measure func=FILE_CHECK mask=^MAY_READ euid=0
measure func=FILE_CHECK mask=^MAY_READ uid=0
measure func=MODULE_CHECK
measure func=FIRMWARE_CHECK
measure func=POLICY_CHECK
measure func=CREDS_CHECK
measure func=MMAP_CHECK_REQPROT mask=MAY_EXEC
appraise fowner=0
appraise func=BPRM_CHECK appraise_type=imasig
appraise func=MODULE_CHECK appraise_type=imasig
appraise func=FIRMWARE_CHECK appraise_type=imasig
appraise func=POLICY_CHECK appraise_type=imasig
measure func=KEXEC_KERNEL_CHECK pcr=4
measure func=KEXEC_INITRAMFS_CHECK pcr=5
appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig
appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig|modsig
measure func=KEXEC_CMDLINE
measure func=KEY_CHECK
measure func=KEY_CHECK keyrings=.ima|.evm
measure func=KEY_CHECK uid=0 keyrings=.builtin_trusted_keys|.ima template=ima-buf
measure func=CRITICAL_DATA label=selinux
measure func=CRITICAL_DATA label=kernel_info
appraise func=SETXATTR_CHECK appraise_algos=sha256,sha384,sha512
measure func=FILE_CHECK digest_type=verity template=ima-ngv2
appraise func=BPRM_CHECK digest_type=verity appraise_type=sigv3
measure func=BPRM_CHECK fsuuid=8bcbe394-4f13-4144-be8e-5aa9ea2ce2f6
dont_measure obj_type=var_log_t
dont_appraise obj_type=var_log_t
measure subj_user=system_u func=FILE_CHECK mask=MAY_READ
appraise fowner=0 permit_directio
appraise fowner=0 appraise_flag=check_blacklist
measure func=FILE_CHECK fowner>1000 fgroup<100
measure func=FILE_CHECK uid<1000 template=ima-sig
measure func=FILE_CHECK euid>0 egid=0
measure func=FILE_CHECK gid=100
measure fsname=tmpfs
measure func=FILE_CHECK pcr=11 template=ima-ng
audit func=BPRM_CHECK mask=MAY_EXEC
hash func=FILE_CHECK
dont_hash fsmagic=0x9fa0
measure func=FILE_CHECK template=ima-modsig
`;

describe("parseImaPolicy", () => {
  it("parses the seed's rule", () => {
    const [rule] = parseImaPolicy("measure func=FILE_CHECK mask=MAY_READ fowner=1001\n").rules;
    expect(rule).toMatchObject({ action: "measure", func: "FILE_CHECK", mask: { name: "MAY_READ", bits: 4, inMask: false }, ids: { fowner: { op: "=", value: 1001 } }, line: 1 });
  });

  it("parses the kernel documentation's rules, skipping comments and blank lines", () => {
    const policy = parseImaPolicy(kernelDocRules);
    const ruleLines = kernelDocRules.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
    expect(policy.rules).toHaveLength(ruleLines.length);
    expect(policy.rules.map((r) => r.text)).toEqual(ruleLines);
  });

  it("reads values the way the kernel stores them", () => {
    const r = (line: string) => parseImaRule(line)!;
    expect(r("measure func=FILE_MMAP").func).toBe("MMAP_CHECK");
    expect(r("measure func=PATH_CHECK").func).toBe("FILE_CHECK");
    expect(r("dont_measure fsmagic=0x9fa0").fsmagic).toBe(0x9fa0);
    expect(r("dont_measure fsmagic=9FA0").fsmagic).toBe(0x9fa0);
    expect(r("measure func=FILE_CHECK mask=^MAY_READ").mask).toEqual({ name: "MAY_READ", bits: 4, inMask: true });
    expect(r("measure uid<1000").ids.uid).toEqual({ op: "<", value: 1000 });
    expect(r("measure fowner>999").ids.fowner).toEqual({ op: ">", value: 999 });
    expect(r("measure func=KEXEC_KERNEL_CHECK pcr=4").pcr).toBe(4);
    expect(r("appraise func=SETXATTR_CHECK appraise_algos=sha256,sha512").appraiseAlgos).toEqual(["sha256", "sha512"]);
    expect(r("measure func=KEY_CHECK keyrings=.ima|.evm").keyrings).toEqual([".ima", ".evm"]);
    expect(r("\tmeasure \t func=BPRM_CHECK  ").func).toBe("BPRM_CHECK");
    // the kernel takes the action anywhere in the line, once
    expect(r("func=BPRM_CHECK measure").action).toBe("measure");
  });

  it("tolerates CRLF line ends", () => {
    expect(parseImaPolicy("measure func=BPRM_CHECK\r\n# x\r\ndont_measure fsmagic=0x9fa0\r\n").rules).toHaveLength(2);
  });

  it("names line and column of an unknown keyword and lists what is allowed", () => {
    const text = "# header\n\nmeasure func=FILE_CHECK frobnicate=1\n";
    const e = errorOf(() => parseImaPolicy(text));
    expect(e.code).toBe("IMA_POLICY_INVALID");
    expect(e.message).toContain("line 3, column 25:");
    expect(e.message).toContain('unknown keyword "frobnicate=1"');
    expect(e.message).toMatch(/allowed: measure, dont_measure, .*func=, mask=, .*fowner=\|<\|>/);
  });

  it("rejects an unknown action at column 1 and a second action where it stands", () => {
    expect(errorOf(() => parseImaPolicy("measur func=FILE_CHECK")).message).toMatch(/line 1, column 1: unknown keyword "measur"/);
    expect(errorOf(() => parseImaPolicy("measure appraise")).message).toMatch(/line 1, column 9: a second action "appraise"/);
    expect(errorOf(() => parseImaPolicy("  func=FILE_CHECK")).message).toMatch(/line 1, column 3: no action/);
  });

  it("rejects bad func and mask values at the value's column", () => {
    const f = errorOf(() => parseImaPolicy("measure func=FILE_READ"));
    expect(f.message).toMatch(/line 1, column 14: bad func "FILE_READ"; allowed: BPRM_CHECK, .*FILE_CHECK/);
    const m = errorOf(() => parseImaPolicy("measure func=FILE_CHECK\nmeasure func=FILE_CHECK mask=MAY_RW"));
    expect(m.message).toMatch(/line 2, column 30: bad mask "MAY_RW"; allowed: MAY_EXEC, \^MAY_EXEC, MAY_WRITE/);
    expect(errorOf(() => parseImaPolicy("measure mask=^^MAY_READ")).message).toMatch(/column 14: bad mask/);
    expect(errorOf(() => parseImaPolicy("measure mask=may_read")).message).toMatch(/bad mask "may_read"/);
  });

  it("rejects bad numbers, uuids, templates and operators", () => {
    const msg = (line: string) => errorOf(() => parseImaPolicy(line)).message;
    expect(msg("dont_measure fsmagic=0xZZ")).toMatch(/column 22: bad fsmagic/);
    expect(msg("measure fsuuid=not-a-uuid")).toMatch(/column 16: bad fsuuid/);
    expect(msg("measure uid=-1")).toMatch(/column 13: bad uid "-1"/);
    expect(msg("measure uid=4294967295")).toMatch(/bad uid/);
    expect(msg("measure fowner=abc")).toMatch(/column 16: bad fowner/);
    expect(msg("measure pcr=64")).toMatch(/column 13: bad pcr "64"; allowed: a decimal PCR index 0..63/);
    expect(msg("measure template=ima-foo")).toMatch(/column 18: bad template "ima-foo"; allowed: ima, ima-ng/);
    expect(msg("measure mask<MAY_READ")).toMatch(/column 13: "mask" takes "=", not "<"/);
    expect(msg("measure func=")).toMatch(/column 14: "func=" needs a value/);
    expect(msg("appraise appraise_type=rsa")).toMatch(/bad appraise_type "rsa"; allowed: imasig, imasig\|modsig, sigv3/);
    expect(msg("appraise func=SETXATTR_CHECK appraise_algos=sha256,crc32")).toMatch(/bad appraise_algos entry "crc32"/);
  });

  it("rejects repeated conditions, and uid with euid (one kernel field)", () => {
    expect(errorOf(() => parseImaPolicy("measure func=FILE_CHECK func=BPRM_CHECK")).message).toMatch(/column 25: "func" conflicts with "func=FILE_CHECK" at column 9/);
    expect(errorOf(() => parseImaPolicy("measure uid=0 euid=0")).message).toMatch(/column 15: "euid" conflicts with "uid=0"/);
    expect(errorOf(() => parseImaPolicy("measure gid=0 egid=0")).message).toMatch(/"egid" conflicts/);
  });

  it("rejects options with the wrong action or hook", () => {
    const msg = (line: string) => errorOf(() => parseImaPolicy(line)).message;
    expect(msg("appraise func=BPRM_CHECK template=ima-ng")).toMatch(/column 26: template= is only valid with the measure action/);
    expect(msg("measure func=BPRM_CHECK appraise_type=imasig")).toMatch(/column 25: appraise_type= is only valid with the appraise action/);
    expect(msg("measure func=FILE_CHECK keyrings=.ima")).toMatch(/keyrings= is only valid with func=KEY_CHECK/);
    expect(msg("measure func=FILE_CHECK label=selinux")).toMatch(/label= is only valid with func=CRITICAL_DATA/);
    expect(msg("measure func=KEXEC_CMDLINE mask=MAY_READ")).toMatch(/column 28: mask is not allowed with func=KEXEC_CMDLINE/);
    expect(msg("appraise func=KEY_CHECK")).toMatch(/func=KEY_CHECK is only valid with measure or dont_measure/);
    expect(msg("appraise func=SETXATTR_CHECK")).toMatch(/func=SETXATTR_CHECK needs appraise_algos=/);
  });

  it("says that a comment must stand on its own line", () => {
    expect(errorOf(() => parseImaPolicy("measure func=BPRM_CHECK # exec")).message).toMatch(/column 25: unknown keyword "#" \(comments must be on a line of their own\)/);
  });
});
