// ten-container-snoop on dedicated, labelled nodes: "impossible" needs the victim's and the attacker's containers on
// different nodes (as the RM placed them), the victim's path real on hers and absent on his, nothing read, and every
// attempt of the attacker to reach her node refused by the RM in its own words (its permission message: see
// RM_PERMISSION_MESSAGE); an attempt it neither took nor refused in those words leaves the verdict unknown.
import type { SnoopEvidence as SnoopOutcome } from "../steps/container-snoop-step.ts";
import type { CheckResult } from "./checker.ts";

const short = (s: string, n = 220): string => (s.length > n ? `${s.slice(0, n)}…` : s);

export function checkPlacement(r: SnoopOutcome): CheckResult {
  const p = r.placement;
  const evidence = { snoop: r };
  if (!p) return { valid: "unknown", message: "no placement recorded: the cluster has no dedicated, labelled nodes (topology.dedicatedNodes)", evidence };
  const where = (node: string): string => `${node}${p.nodeLabels[node]?.length ? ` (label ${p.nodeLabels[node]!.join(",")})` : ""}`;
  if (r.victimRunning === false)
    return { valid: "unknown", message: `${r.victim}'s app ${r.victimApp} was no longer running at the end of the attack: target not there`, evidence };
  if (!p.victimFileOnVictimNode)
    return { valid: "unknown", message: `${r.victim}'s file never appeared on her node ${p.victimNode}: the path the attack aims at is not proven`, evidence };
  const problems: string[] = [];
  if (p.victimNode === p.attackerNode) problems.push(`both containers ran on ${where(p.victimNode)}`);
  if (r.read) problems.push(`${r.attacker}'s container ${r.attackerApp} read ${r.victim}'s file on ${r.node}`);
  if (!p.pathAbsentOnAttackerNode) problems.push(`the path exists on ${p.attackerNode}: ${short(p.attackerNodeListing, 160)}`);
  for (const e of p.escapes) {
    if (e.accepted) problems.push(`${e.what}: accepted (${e.request} → ${e.status}${e.ranOn ? `, ran on ${e.ranOn}` : ""}${e.read ? `, read ${r.victim}'s file` : ""})`);
  }
  if (problems.length > 0) return { valid: false, message: `vulnerable: ${problems.join("; ")}; expected impossible`, evidence };
  const unclear = p.escapes.filter((e) => !e.accepted && !e.refusal);
  if (p.escapes.length === 0) return { valid: "unknown", message: `no attempt to reach ${r.victim}'s node is on record: no refusal by the RM to show`, evidence };
  if (unclear.length > 0)
    return { valid: "unknown", message: `the RM did not take, nor refuse in its own words (a permission message), ${unclear.map((e) => `${e.what} (→ ${e.status}: ${short(e.answer, 160)})`).join("; ")}`, evidence };
  const escapes = p.escapes.map((e) => `${e.what} → ${e.status}: ${short(e.refusal ?? e.answer)}`).join("; ");
  return {
    valid: true,
    message: `defended: impossible: ${r.victim}'s container on ${where(p.victimNode)}, ${r.attacker}'s on ${where(p.attackerNode)}; path absent on ${p.attackerNode}; refused: ${escapes}`,
    evidence,
  };
}
