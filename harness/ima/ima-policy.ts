// IMA policy text → rules, with the kernel's grammar: one rule a line, `action [condition ...]`, `#` comment lines.
import { HarnessError } from "../errors/harness-error.ts";
import {
  IMA_ACTIONS,
  IMA_FLAG_KEYWORDS,
  IMA_ID_KEYWORDS,
  IMA_VALUE_KEYWORDS,
  type ImaAction,
  type ImaAppraiseType,
  type ImaFunc,
  type ImaIdKeyword,
  type ImaLsmKeyword,
  type ImaMaskName,
  type ImaTemplateName,
  type ImaValueKeyword,
} from "./ima-policy-keywords.ts";
import { parseValue } from "./ima-policy-values.ts";
import { validateRule } from "./ima-policy-validate.ts";

export type ImaIdOp = "=" | "<" | ">";
export interface ImaIdCondition {
  op: ImaIdOp;
  value: number;
}
export interface ImaMaskCondition {
  name: ImaMaskName;
  bits: number;
  /** `^MAY_READ`: match when the access includes the bit, not only when it equals it. */
  inMask: boolean;
}

export interface ImaRule {
  action: ImaAction;
  /** 1-based line in the policy text, and the line itself. */
  line: number;
  text: string;
  func?: ImaFunc;
  mask?: ImaMaskCondition;
  fsmagic?: number;
  fsuuid?: string;
  fsname?: string;
  ids: Partial<Record<ImaIdKeyword, ImaIdCondition>>;
  lsm: Partial<Record<ImaLsmKeyword, string>>;
  template?: ImaTemplateName;
  pcr?: number;
  permitDirectio?: boolean;
  appraiseType?: ImaAppraiseType;
  appraiseFlag?: "check_blacklist";
  appraiseAlgos?: string[];
  digestType?: "verity";
  keyrings?: string[];
  label?: string;
}

export interface ImaPolicy {
  rules: ImaRule[];
}

/** Where a token sits, so that errors can name line and column. */
export interface PolicyToken {
  text: string;
  line: number;
  /** 1-based column of the token's first character. */
  column: number;
}

/** The typed error for a bad policy: names line, column (both 1-based) and what is allowed. */
export function policyError(where: string, line: number, column: number, message: string): HarnessError {
  return new HarnessError("IMA_POLICY_INVALID", `${where} line ${line}, column ${column}: ${message}`);
}

/** Parses a whole policy; throws IMA_POLICY_INVALID naming the first bad line and column. */
export function parseImaPolicy(text: string, where = "ima policy"): ImaPolicy {
  const rules: ImaRule[] = [];
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    const rule = parseImaRule(raw.endsWith("\r") ? raw.slice(0, -1) : raw, i + 1, where);
    if (rule) rules.push(rule);
  }
  return { rules };
}

/** Parses one line; undefined for a blank or comment line (`#` after optional blanks, as ima_parse_add_rule). */
export function parseImaRule(lineText: string, line = 1, where = "ima policy"): ImaRule | undefined {
  const body = lineText.replace(/^[ \t]*/, "");
  if (body === "" || body.startsWith("#")) return undefined;
  const tokens = tokenize(lineText, line);
  const rule: Partial<ImaRule> & Pick<ImaRule, "ids" | "lsm" | "line" | "text"> = { ids: {}, lsm: {}, line, text: lineText };
  const seen = new Map<string, PolicyToken>();
  for (const tok of tokens) {
    if ((IMA_ACTIONS as readonly string[]).includes(tok.text)) {
      if (rule.action) throw policyError(where, line, tok.column, `a second action "${tok.text}" (the rule already says "${rule.action}"); one action per rule`);
      rule.action = tok.text as ImaAction;
      continue;
    }
    if ((IMA_FLAG_KEYWORDS as readonly string[]).includes(tok.text)) {
      if (rule.permitDirectio) throw policyError(where, line, tok.column, `"permit_directio" given twice`);
      rule.permitDirectio = true;
      continue;
    }
    const m = /^([A-Za-z_]+)([=<>])(.*)$/s.exec(tok.text);
    const keyword = m?.[1] ?? tok.text;
    if (!m || !(IMA_VALUE_KEYWORDS as readonly string[]).includes(keyword)) {
      const hint = tok.text.startsWith("#") ? " (comments must be on a line of their own)" : "";
      throw policyError(where, line, tok.column, `unknown keyword ${JSON.stringify(tok.text)}${hint}; allowed: ${allowedKeywords()}`);
    }
    const op = m[2] as ImaIdOp;
    const value = m[3]!;
    const valueColumn = tok.column + keyword.length + 1;
    const isId = (IMA_ID_KEYWORDS as readonly string[]).includes(keyword);
    if (op !== "=" && !isId) throw policyError(where, line, tok.column + keyword.length, `"${keyword}" takes "=", not "${op}"; only ${IMA_ID_KEYWORDS.join(", ")} take < and >`);
    if (value === "") throw policyError(where, line, valueColumn, `"${keyword}${op}" needs a value`);
    // the kernel keeps uid and euid in one field (and gid and egid): a rule may name only one of each pair
    const slot = keyword === "euid" ? "uid" : keyword === "egid" ? "gid" : keyword;
    const prior = seen.get(slot);
    if (prior) throw policyError(where, line, tok.column, `"${keyword}" conflicts with "${prior.text}" at column ${prior.column}; each condition may appear once (uid/euid and gid/egid share one slot)`);
    seen.set(slot, tok);
    parseValue(rule, keyword as ImaValueKeyword, op, value, (msg) => policyError(where, line, valueColumn, msg));
  }
  if (!rule.action) throw policyError(where, line, tokens[0]?.column ?? 1, `no action; a rule starts with one of ${IMA_ACTIONS.join(", ")}`);
  const done = rule as ImaRule;
  validateRule(done, tokens, (column, msg) => policyError(where, line, column, msg));
  return done;
}

/** Splits on blanks and tabs as the kernel's strsep(" \t"), keeping each token's 1-based column. */
export function tokenize(lineText: string, line: number): PolicyToken[] {
  const out: PolicyToken[] = [];
  const re = /[^ \t]+/g;
  for (let m = re.exec(lineText); m; m = re.exec(lineText)) out.push({ text: m[0], line, column: m.index + 1 });
  return out;
}

function allowedKeywords(): string {
  const ids = IMA_ID_KEYWORDS.map((k) => `${k}=|<|>`);
  const rest = IMA_VALUE_KEYWORDS.filter((k) => !(IMA_ID_KEYWORDS as readonly string[]).includes(k)).map((k) => `${k}=`);
  return [...IMA_ACTIONS, ...rest, ...ids, ...IMA_FLAG_KEYWORDS].join(", ");
}
