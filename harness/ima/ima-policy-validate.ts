// Whole-rule checks after the tokens parsed: which options go with which action and hook (ima_validate_rule).
import { IMA_BUFFER_FUNCS, type ImaFunc } from "./ima-policy-keywords.ts";
import type { ImaRule, PolicyToken } from "./ima-policy.ts";

type Fail = (column: number, message: string) => Error;

/** Conditions a buffer hook allows besides func and pcr (template= is allowed everywhere measure is). */
const BUFFER_FUNC_EXTRAS: Record<string, readonly string[]> = {
  KEXEC_CMDLINE: [],
  KEY_CHECK: ["uid", "gid", "keyrings"],
  CRITICAL_DATA: ["uid", "gid", "label"],
};

/** Throws (via `fail`, at the offending token's column) when a rule combines what the kernel refuses. */
export function validateRule(rule: ImaRule, tokens: readonly PolicyToken[], fail: Fail): void {
  const col = (keyword: string): number => tokens.find((t) => t.text === keyword || t.text.startsWith(keyword + "=") || t.text.startsWith(keyword + "<") || t.text.startsWith(keyword + ">"))?.column ?? 1;
  if (rule.template && rule.action !== "measure") throw fail(col("template"), `template= is only valid with the measure action, not ${rule.action}`);
  for (const k of ["appraise_type", "appraise_flag", "appraise_algos"] as const) {
    const present = { appraise_type: rule.appraiseType, appraise_flag: rule.appraiseFlag, appraise_algos: rule.appraiseAlgos }[k] !== undefined;
    if (present && rule.action !== "appraise") throw fail(col(k), `${k}= is only valid with the appraise action, not ${rule.action}`);
  }
  if (rule.keyrings && rule.func !== "KEY_CHECK") throw fail(col("keyrings"), `keyrings= is only valid with func=KEY_CHECK`);
  if (rule.label !== undefined && rule.func !== "CRITICAL_DATA") throw fail(col("label"), `label= is only valid with func=CRITICAL_DATA`);
  if (rule.func && IMA_BUFFER_FUNCS.includes(rule.func)) validateBufferRule(rule, rule.func, tokens, col, fail);
  if (rule.func === "SETXATTR_CHECK") {
    if (rule.action !== "appraise") throw fail(col(rule.action), `func=SETXATTR_CHECK is only valid with the appraise action, not ${rule.action}`);
    if (!rule.appraiseAlgos) throw fail(col("func"), `func=SETXATTR_CHECK needs appraise_algos=`);
  }
}

function validateBufferRule(rule: ImaRule, func: ImaFunc, tokens: readonly PolicyToken[], col: (k: string) => number, fail: Fail): void {
  if (rule.action !== "measure" && rule.action !== "dont_measure") throw fail(col(rule.action), `func=${func} is only valid with measure or dont_measure, not ${rule.action}`);
  const allowed = new Set(["func", "pcr", "template", ...(BUFFER_FUNC_EXTRAS[func] ?? [])]);
  for (const t of tokens) {
    if (t.text === rule.action) continue;
    const keyword = /^[A-Za-z_]+/.exec(t.text)?.[0] ?? t.text;
    if (!allowed.has(keyword)) {
      throw fail(t.column, `${keyword} is not allowed with func=${func}; allowed: ${[...allowed].join(", ")}`);
    }
  }
}
