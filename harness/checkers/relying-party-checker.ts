// Verdicts of the driver as relying party, from the driver's own "shieldlab-rp ..." lines (its stdout) and the event
// log (which executor finished which task): refused executors never finished a task; a control ran unchecked ones.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface RelyingPartySpec {
  kind: "relying-party";
  step: string;
  /**
   * "refused": enforcement on, at least one REFUSED line (matching `reason`), and no refused executor finished a
   * task successfully. "verified": enforcement on, at least one VERIFIED line (matching `reason`), none REFUSED.
   * "unenforced" (a control): enforcement off, and an executor the driver never verified finished tasks.
   */
  expect: "refused" | "verified" | "unenforced";
  /** A regular expression over the REFUSED line's "reason=..." part, or the VERIFIED line's text. */
  reason?: string;
}

/** What the driver's stdout says: enforcement, and each executor's VERIFIED / REFUSED line. */
export interface RpLines {
  enforcement?: "on" | "off";
  verified: Map<string, string>;
  refused: Map<string, string>;
}

/** Parses the plugin's "shieldlab-rp" lines (the first REFUSED / VERIFIED line per executor). */
export function parseRpLines(text: string): RpLines {
  const out: RpLines = { verified: new Map(), refused: new Map() };
  for (const line of text.split("\n")) {
    const en = /shieldlab-rp driver enforcement=(on|off)/.exec(line);
    if (en) out.enforcement = en[1] as "on" | "off";
    const m = /shieldlab-rp (VERIFIED|REFUSED) executor=(\S+) (.*)$/.exec(line);
    if (!m) continue;
    const map = m[1] === "VERIFIED" ? out.verified : out.refused;
    if (!map.has(m[2]!)) map.set(m[2]!, m[3]!.trim());
  }
  return out;
}

/** Executor id → tasks it finished successfully, from an event log (SparkListenerTaskEnd, reason Success). */
export function successfulTasks(eventLogText: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of eventLogText.split("\n")) {
    if (!line.includes('"SparkListenerTaskEnd"')) continue;
    const e = JSON.parse(line) as { "Task End Reason"?: { Reason?: string }; "Task Info"?: { "Executor ID"?: string; Failed?: boolean } };
    const id = e["Task Info"]?.["Executor ID"];
    if (id && e["Task End Reason"]?.Reason === "Success" && e["Task Info"]?.Failed !== true) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

function eventLogOf(ev: ScenarioEvidence, appId: string): string | undefined {
  const dir = join(ev.attestDir, "eventlog");
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(appId)) : undefined;
  return file ? readFileSync(join(dir, file), "utf8") : undefined;
}

export const relyingPartyChecker: Checker<RelyingPartySpec> = {
  kind: "relying-party",
  check(spec, ev): CheckResult {
    const out = ev.driverStdout(spec.step);
    if (!out) return { valid: "unknown", message: `${spec.step}: the driver's stdout was not found` };
    const rp = parseRpLines(out.text);
    const appId = ev.step(spec.step)?.appId;
    const log = appId ? eventLogOf(ev, appId) : undefined;
    const ok = log ? successfulTasks(log) : undefined;
    const re = spec.reason ? new RegExp(spec.reason) : undefined;
    const evidence = { source: out.source, enforcement: rp.enforcement, verified: Object.fromEntries(rp.verified), refused: Object.fromEntries(rp.refused), successfulTasks: ok && Object.fromEntries(ok) };
    if (!rp.enforcement) return { valid: "unknown", message: `${spec.step}: no "shieldlab-rp driver enforcement=" line: the plugin's driver side did not start`, evidence };
    if (spec.expect === "unenforced") {
      if (rp.enforcement !== "off") return { valid: false, message: "the driver enforced (enforcement=on): this control did not switch it off", evidence };
      if (!ok) return { valid: "unknown", message: `no event log of ${appId ?? spec.step}`, evidence };
      const unchecked = [...ok.keys()].filter((id) => id !== "driver" && !rp.verified.has(id));
      return unchecked.length > 0
        ? { valid: true, message: `enforcement off: executor(s) ${unchecked.join(", ")} finished ${unchecked.reduce((n, id) => n + ok.get(id)!, 0)} task(s) unverified`, evidence }
        : { valid: false, message: "enforcement off, but no unverified executor finished a task: the attack was not there", evidence };
    }
    if (rp.enforcement !== "on") return { valid: false, message: "the driver did not enforce (enforcement=off)", evidence };
    if (spec.expect === "verified") {
      const hits = [...rp.verified.values()].filter((l) => !re || re.test(l));
      if (rp.refused.size > 0) return { valid: false, message: `the driver refused executor(s) ${[...rp.refused.keys()].join(", ")}: ${[...rp.refused.values()][0]!.slice(0, 160)}`, evidence };
      return hits.length > 0
        ? { valid: true, message: `the driver verified ${rp.verified.size} executor(s): ${hits[0]!.slice(0, 160)}`, evidence }
        : { valid: false, message: rp.verified.size > 0 ? `no VERIFIED line matches /${spec.reason}/` : "the driver verified no executor", evidence };
    }
    const hits = [...rp.refused.entries()].filter(([, l]) => !re || re.test(l));
    if (hits.length === 0)
      return { valid: false, message: rp.refused.size > 0 ? `refused, but no REFUSED line matches /${spec.reason}/: ${[...rp.refused.values()][0]!.slice(0, 140)}` : "the driver refused no executor: the attack went through", evidence };
    if (!ok) return { valid: "unknown", message: `refused ${hits.length} executor(s), but there is no event log of ${appId ?? spec.step} to show what they ran`, evidence };
    const ran = [...rp.refused.keys()].filter((id) => (ok.get(id) ?? 0) > 0);
    return ran.length === 0
      ? { valid: true, message: `the driver refused executor(s) ${hits.map(([id]) => id).join(", ")} (${hits[0]![1].slice(0, 120)}); none of them finished a task`, evidence }
      : { valid: false, message: `refused executor(s) ${ran.join(", ")} still finished task(s) successfully`, evidence };
  },
};

export function relyingParty(step: string, expect: RelyingPartySpec["expect"], reason?: string): RelyingPartySpec {
  return { kind: "relying-party", step, expect, ...(reason ? { reason } : {}) };
}
