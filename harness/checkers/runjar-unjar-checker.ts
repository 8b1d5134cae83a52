// CVE-2024-23454: could another local user read what Hadoop's RunJar unpacked for the victim? The attacker's read of
// the unpacked secret decides; the victim must have unpacked and read it itself first, or the replay proves nothing.
import type { RunJarUnjarEvidence } from "../steps/runjar-unjar-step.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface RunJarUnjarSpec {
  kind: "runjar-unjar-outcome";
  step: string;
  /** "readable": the attacker read the unpacked secret (before 3.4.0). "private": permission denied (3.4.0+). */
  expect: "readable" | "private";
}

export function runJarUnjarOutcome(step: string, expect: RunJarUnjarSpec["expect"]): RunJarUnjarSpec {
  return { kind: "runjar-unjar-outcome", step, expect };
}

/** The outcome of one replay (pure: unit-tested without Docker). */
export function classifyUnjar(e: RunJarUnjarEvidence): { outcome: "readable" | "private" | "unknown"; why: string } {
  const dir = e.modes[0];
  const where = dir ? `work directory ${dir.path} owner ${dir.owner} mode ${dir.mode}` : "work directory not stat'ed";
  if (e.output.before !== e.token) return { outcome: "unknown", why: `RunJar's main class did not read the unpacked secret itself (${e.output.before ?? "nothing"}); ${where}` };
  if (e.read.exitCode === 0 && e.read.stdout.trim() === e.token) {
    const replaced = e.replace.exitCode === 0 ? `, and overwrote it (the victim then read ${JSON.stringify(e.output.after ?? "?")})` : "";
    return { outcome: "readable", why: `${e.attacker} read ${e.victim}'s unpacked secret${replaced}; ${where}` };
  }
  if (e.read.exitCode !== 0 && /Permission denied/i.test(e.read.stderr)) return { outcome: "private", why: `${e.attacker}'s read was refused (${e.read.stderr.split("\n")[0]}); ${where}` };
  return { outcome: "unknown", why: `${e.attacker}'s read neither returned the secret nor was refused (exit ${e.read.exitCode}: ${e.read.stderr || e.read.stdout}); ${where}` };
}

export const runJarUnjarChecker: Checker<RunJarUnjarSpec> = {
  kind: "runjar-unjar-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const e = s?.evidence<RunJarUnjarEvidence>();
    if (!e) return { valid: "unknown", message: `${spec.step}: no replay (${s?.problem ?? "the step did not run"})` };
    const c = classifyUnjar(e);
    // the token is a random marker made for this run; the evidence shows whether each side saw it, not the token
    const saw = (t: string | undefined): string => (t === undefined ? "(nothing)" : t === e.token ? "(the secret)" : t === e.replacement ? "(the attacker's replacement)" : t.slice(0, 80));
    const evidence = { modes: e.modes, umask: e.umask, victimRead: { before: saw(e.output.before), after: saw(e.output.after) }, attackerRead: { exitCode: e.read.exitCode, saw: saw(e.read.stdout.trim()), stderr: e.read.stderr }, attackerReplace: e.replace };
    if (c.outcome === "unknown") return { valid: "unknown", message: `${spec.step}: ${c.why}; expected ${spec.expect}`, evidence };
    const verdict = c.outcome === "readable" ? "vulnerable" : "defended";
    return { valid: c.outcome === spec.expect, message: `${verdict}: ${c.why}; expected ${spec.expect}`, evidence };
  },
};
