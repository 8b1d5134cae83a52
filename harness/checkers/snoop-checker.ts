// ten-container-snoop: could tenant B's container read tenant A's container files? The finding carries the
// container-executor audit (seed 003, docs/sources.md) of the node, each deviation with its fix.
import type { SnoopEvidence } from "../steps/container-snoop-step.ts";
import type { Checker, CheckResult } from "./checker.ts";
import { checkPlacement } from "./snoop-placement.ts";

export interface SnoopOutcomeSpec {
  kind: "snoop-outcome";
  step: string;
  /**
   * On dedicated, labelled nodes (snoop-placement.ts): "impossible" — separate nodes, nothing read, every escape
   * refused; "escaped" (a control) — the RM let the attacker reach the victim's node some way.
   */
  expect: "read" | "blocked" | "impossible" | "escaped";
}

export function snoopOutcome(step: string, expect: SnoopOutcomeSpec["expect"]): SnoopOutcomeSpec {
  return { kind: "snoop-outcome", step, expect };
}

export const snoopChecker: Checker<SnoopOutcomeSpec> = {
  kind: "snoop-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const r = s?.evidence<SnoopEvidence>();
    if (!r) return { valid: "unknown", message: `${spec.step}: the attack did not run (${s?.problem ?? "no record"})` };
    if (!r.attackerStdout.trim()) return { valid: "unknown", message: `${spec.step}: ${r.attacker}'s container printed nothing`, evidence: { snoop: r } };
    if (spec.expect === "escaped") {
      const p = checkPlacement(r);
      if (p.valid === "unknown") return p;
      const escaped = (r.placement?.escapes ?? []).some((e) => e.accepted);
      return { ...p, valid: escaped, message: `${p.message.replace(/; expected impossible$/, "")}; expected escaped` };
    }
    if (spec.expect === "impossible") {
      const p = checkPlacement(r);
      const audit = r.audit.length ? `; the nodes still run the DefaultContainerExecutor (${r.audit.length} audit deviation(s)): tenants sharing a node would see each other` : "";
      return { ...p, message: `${p.message}${p.valid === true ? audit : ""}` };
    }
    // nothing read from a victim that had already gone proves nothing
    if (!r.read && r.victimRunning === false)
      return { valid: "unknown", message: `${spec.step}: ${r.victim}'s app ${r.victimApp} was no longer running when ${r.attacker}'s container ended: target not there`, evidence: { snoop: r } };
    const outcome = r.read ? "read" : "blocked";
    const finding = r.read
      ? `vulnerable: ${r.attacker}'s container ${r.attackerApp} read ${r.victim}'s file in ${r.victimApp} on ${r.node}`
      : `defended: ${r.attacker}'s container could not read ${r.victim}'s files (${r.attackerStdout.split("\n")[0]?.slice(0, 120)})`;
    const audit = r.audit.length ? `; container-executor audit: ${r.audit.length} deviation(s), e.g. ${r.audit.slice(0, 2).map((d) => `${d.what}=${d.found} → ${d.fix}`).join("; ")}` : "; container-executor audit: no deviation";
    return { valid: outcome === spec.expect, message: `${finding}${audit}; expected ${spec.expect}`, evidence: { snoop: r } };
  },
};
