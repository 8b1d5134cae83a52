// One `keyword=value` of an IMA policy rule, checked the way ima_parse_rule checks it.
import {
  IMA_APPRAISE_TYPES,
  IMA_FUNC_ALIASES,
  IMA_FUNCS,
  IMA_HASH_ALGO_NAMES,
  IMA_ID_KEYWORDS,
  IMA_LSM_KEYWORDS,
  IMA_MASK_BITS,
  IMA_MASK_NAMES,
  IMA_MAX_PCR,
  IMA_TEMPLATES,
  type ImaAppraiseType,
  type ImaFunc,
  type ImaIdKeyword,
  type ImaLsmKeyword,
  type ImaMaskName,
  type ImaTemplateName,
  type ImaValueKeyword,
} from "./ima-policy-keywords.ts";
import type { ImaIdOp, ImaRule } from "./ima-policy.ts";

type Fail = (message: string) => Error;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Stores one parsed value on the rule, or throws (via `fail`) saying what is allowed. */
export function parseValue(rule: Partial<ImaRule> & Pick<ImaRule, "ids" | "lsm">, keyword: ImaValueKeyword, op: ImaIdOp, value: string, fail: Fail): void {
  const oneOf = (allowed: readonly string[]): string => `allowed: ${allowed.join(", ")}`;
  if ((IMA_ID_KEYWORDS as readonly string[]).includes(keyword)) {
    rule.ids[keyword as ImaIdKeyword] = { op, value: parseId(keyword, value, fail) };
    return;
  }
  if ((IMA_LSM_KEYWORDS as readonly string[]).includes(keyword)) {
    rule.lsm[keyword as ImaLsmKeyword] = value;
    return;
  }
  switch (keyword) {
    case "func": {
      const func = IMA_FUNC_ALIASES[value] ?? ((IMA_FUNCS as readonly string[]).includes(value) ? (value as ImaFunc) : undefined);
      if (!func) throw fail(`bad func ${JSON.stringify(value)}; ${oneOf([...IMA_FUNCS, ...Object.keys(IMA_FUNC_ALIASES)])}`);
      rule.func = func;
      return;
    }
    case "mask": {
      const inMask = value.startsWith("^");
      const name = inMask ? value.slice(1) : value;
      if (!(IMA_MASK_NAMES as readonly string[]).includes(name)) throw fail(`bad mask ${JSON.stringify(value)}; ${oneOf(IMA_MASK_NAMES.flatMap((n) => [n, `^${n}`]))}`);
      rule.mask = { name: name as ImaMaskName, bits: IMA_MASK_BITS[name as ImaMaskName], inMask };
      return;
    }
    case "fsmagic": {
      // kstrtoul(…, 16): an optional 0x, then hex digits
      if (!/^(0[xX])?[0-9a-fA-F]{1,13}$/.test(value)) throw fail(`bad fsmagic ${JSON.stringify(value)}; allowed: a hex number such as 0x9fa0`);
      rule.fsmagic = Number.parseInt(value.replace(/^0[xX]/, ""), 16);
      return;
    }
    case "fsuuid":
      if (!UUID.test(value)) throw fail(`bad fsuuid ${JSON.stringify(value)}; allowed: a UUID such as 8bcbe394-4f13-4144-be8e-5aa9ea2ce2f6`);
      rule.fsuuid = value.toLowerCase();
      return;
    case "fsname":
      rule.fsname = value;
      return;
    case "template":
      if (!(IMA_TEMPLATES as readonly string[]).includes(value)) throw fail(`bad template ${JSON.stringify(value)}; ${oneOf(IMA_TEMPLATES)}`);
      rule.template = value as ImaTemplateName;
      return;
    case "pcr": {
      const n = /^[+-]?\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isInteger(n) || n < 0 || n > IMA_MAX_PCR) throw fail(`bad pcr ${JSON.stringify(value)}; allowed: a decimal PCR index 0..${IMA_MAX_PCR}`);
      rule.pcr = n;
      return;
    }
    case "appraise_type":
      if (!(IMA_APPRAISE_TYPES as readonly string[]).includes(value)) throw fail(`bad appraise_type ${JSON.stringify(value)}; ${oneOf(IMA_APPRAISE_TYPES)}`);
      rule.appraiseType = value as ImaAppraiseType;
      return;
    case "appraise_flag":
      if (value !== "check_blacklist") throw fail(`bad appraise_flag ${JSON.stringify(value)}; allowed: check_blacklist`);
      rule.appraiseFlag = "check_blacklist";
      return;
    case "appraise_algos": {
      const algos = value.split(",");
      const bad = algos.find((a) => !(IMA_HASH_ALGO_NAMES as readonly string[]).includes(a));
      if (bad !== undefined) throw fail(`bad appraise_algos entry ${JSON.stringify(bad)}; allowed: a comma-separated list of ${IMA_HASH_ALGO_NAMES.join(", ")}`);
      rule.appraiseAlgos = algos;
      return;
    }
    case "digest_type":
      if (value !== "verity") throw fail(`bad digest_type ${JSON.stringify(value)}; allowed: verity`);
      rule.digestType = "verity";
      return;
    case "keyrings": {
      const rings = value.split("|");
      if (rings.some((r) => r === "")) throw fail(`bad keyrings ${JSON.stringify(value)}; allowed: keyring names separated by | such as .builtin_trusted_keys|.ima`);
      rule.keyrings = rings;
      return;
    }
    case "label":
      rule.label = value;
      return;
    default:
      throw fail(`unhandled keyword ${keyword}`);
  }
}

/** kstrtoul(…, 10) into a uid_t/gid_t; (uid_t)-1 is the kernel's invalid id. */
function parseId(keyword: string, value: string, fail: Fail): number {
  const n = /^\+?\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n >= 0xffffffff) throw fail(`bad ${keyword} ${JSON.stringify(value)}; allowed: a decimal id 0..4294967294`);
  return n;
}
