// Does a rule apply to an access, and what does the policy decide (ima_match_rules / ima_match_policy)?
import { IMA_DEFAULT_PCR, IMA_FUNC_ALIASES, IMA_MASK_BITS, type ImaAction, type ImaFunc, type ImaMaskName, type ImaTemplateName } from "./ima-policy-keywords.ts";
import type { ImaIdCondition, ImaPolicy, ImaRule } from "./ima-policy.ts";

/** One access as an IMA hook sees it; a fanotify helper or a test builds these. */
export interface ImaEvent {
  func: ImaFunc | "FILE_MMAP" | "PATH_CHECK";
  /** The access mask: names, or the MAY_* bits. */
  mask: readonly ImaMaskName[] | number;
  uid: number;
  euid: number;
  gid: number;
  /** Defaults to gid. */
  egid?: number;
  fowner: number;
  fgroup: number;
  path: string;
  fsmagic?: number;
  fsuuid?: string;
  fsname?: string;
  /** LSM labels of subject and object; a rule with an LSM condition matches only an equal label. */
  lsm?: Partial<Record<string, string>>;
}

export interface ImaDecision {
  measure: boolean;
  appraise: boolean;
  audit: boolean;
  hash: boolean;
  pcr: number;
  /** From a matching rule's template=; undefined means the default (ima-ng). */
  template?: ImaTemplateName;
  /** Index into policy.rules of the rule that decided measure/dont_measure, if any. */
  measureRule?: number;
}

/** The accessed bits of an event. */
export function maskBits(mask: ImaEvent["mask"]): number {
  return typeof mask === "number" ? mask : mask.reduce((bits, name) => bits | IMA_MASK_BITS[name], 0);
}

/** True when every condition of the rule holds for the event (the action is not looked at). */
export function matches(rule: ImaRule, event: ImaEvent): boolean {
  const func = IMA_FUNC_ALIASES[event.func] ?? event.func;
  if (rule.func && rule.func !== func) return false;
  if (rule.mask) {
    const bits = maskBits(event.mask);
    // mask=MAY_READ wants exactly that access; ^MAY_READ wants it among the accessed bits
    if (rule.mask.inMask ? (rule.mask.bits & bits) === 0 : rule.mask.bits !== bits) return false;
  }
  if (rule.fsmagic !== undefined && rule.fsmagic !== event.fsmagic) return false;
  if (rule.fsuuid !== undefined && rule.fsuuid !== event.fsuuid?.toLowerCase()) return false;
  if (rule.fsname !== undefined && rule.fsname !== event.fsname) return false;
  const { uid, euid, gid, egid, fowner, fgroup } = rule.ids;
  if (uid && !idHolds(uid, event.uid)) return false;
  if (euid && !idHolds(euid, event.euid)) return false;
  if (gid && !idHolds(gid, event.gid)) return false;
  if (egid && !idHolds(egid, event.egid ?? event.gid)) return false;
  if (fowner && !idHolds(fowner, event.fowner)) return false;
  if (fgroup && !idHolds(fgroup, event.fgroup)) return false;
  for (const [key, label] of Object.entries(rule.lsm)) if (event.lsm?.[key] !== label) return false;
  return true;
}

function idHolds(cond: ImaIdCondition, id: number): boolean {
  return cond.op === "=" ? id === cond.value : cond.op === "<" ? id < cond.value : id > cond.value;
}

// the kernel's action bits: a dont_X bit is X << 1
const BIT: Record<ImaAction, number> = { measure: 0x1, dont_measure: 0x2, appraise: 0x4, dont_appraise: 0x8, audit: 0x40, hash: 0x100, dont_hash: 0x200 };
const DO_MASK = BIT.measure | BIT.appraise | BIT.audit | BIT.hash;

/** Walks the rules in order; the first rule matching each action pair (measure/dont_measure, …) decides it. */
export function policyDecides(policy: ImaPolicy, event: ImaEvent): ImaDecision {
  let actmask = DO_MASK | BIT.dont_measure | BIT.dont_appraise | BIT.dont_hash;
  let action = 0;
  const decision: ImaDecision = { measure: false, appraise: false, audit: false, hash: false, pcr: IMA_DEFAULT_PCR };
  for (const [i, rule] of policy.rules.entries()) {
    const bit = BIT[rule.action];
    if ((bit & actmask) === 0 || !matches(rule, event)) continue;
    if (bit & DO_MASK) {
      action |= bit;
      actmask &= ~(bit | (bit << 1));
    } else {
      actmask &= ~(bit | (bit >> 1));
    }
    if (rule.action === "measure" || rule.action === "dont_measure") decision.measureRule = i;
    if (rule.pcr !== undefined) decision.pcr = rule.pcr;
    if (rule.template) decision.template = rule.template;
    if (actmask === 0) break;
  }
  decision.measure = (action & BIT.measure) !== 0;
  decision.appraise = (action & BIT.appraise) !== 0;
  decision.audit = (action & BIT.audit) !== 0;
  decision.hash = (action & BIT.hash) !== 0;
  return decision;
}
