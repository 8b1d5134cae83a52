// Outcome of the rogue RPC client: did the driver dispatch a request from a client that never authenticated?
import type { RogueEvidence } from "../steps/rogue-rpc-step.ts";
import { targetNotThere } from "../steps/step-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface RogueRpcOutcomeSpec {
  kind: "rogue-rpc-outcome";
  step: string;
  /** "refused": spark.authenticate holds. "accepted": the control, without authentication. */
  expect: "refused" | "accepted";
}

export function rogueOutcome(step: string, expect: RogueRpcOutcomeSpec["expect"]): RogueRpcOutcomeSpec {
  return { kind: "rogue-rpc-outcome", step, expect };
}

/** Driver log lines that show Spark's authentication refusing a client (see docs/spark-yarn-facts.md). */
export const AUTH_REFUSAL_LINES = /Expected SaslMessage, received something else|Failed to parse new auth challenge|Unknown challenge message|Authentication failed|Unauthenticated call to receive\(\)/;

export const rogueRpcChecker: Checker<RogueRpcOutcomeSpec> = {
  kind: "rogue-rpc-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const notThere = targetNotThere(spec.step, s?.target);
    if (notThere) return { valid: "unknown", message: notThere, evidence: { target: s?.target } };
    const r = s?.evidence<RogueEvidence>();
    if (!s || !r) return { valid: "unknown", message: `${spec.step}: the rogue client did not run (${s?.problem ?? "no record"})` };
    if (!r.connected) return { valid: "unknown", message: `${spec.step}: could not connect to the driver at ${r.target} (${r.error ?? "?"})`, evidence: { rogue: r } };
    // the driver's own log (client mode: spark-submit's stderr) names the refusal
    const target = s.step.kind === "rogue-rpc" ? ev.step(s.step.target) : undefined;
    const driverLog = target?.spark?.submit?.stderr ?? "";
    const lines = driverLog.split("\n").filter((l) => AUTH_REFUSAL_LINES.test(l)).slice(0, 5);
    const answer = r.frames.map((f) => `${f.typeName}: ${f.text.split("\n")[0]}`).join(" | ") || (r.closedByPeer ? "connection closed by the driver" : "no answer");
    const evidence = { rogue: { ...r, frames: r.frames.map((f) => ({ ...f, text: f.text.slice(0, 600) })) }, driverLogLines: lines };
    if (r.dispatched) {
      return { valid: spec.expect === "accepted", message: `vulnerable: the driver at ${r.target} dispatched an RPC from a process outside its app (${answer.slice(0, 160)}); expected ${spec.expect}`, evidence };
    }
    if (r.frames.length > 0 || r.closedByPeer) {
      const why = lines[0] ? `; driver log: ${lines[0].trim().slice(0, 160)}` : "";
      return { valid: spec.expect === "refused", message: `defended: ${answer.slice(0, 160)}${why}; expected ${spec.expect}`, evidence };
    }
    return { valid: "unknown", message: `${spec.step}: no answer from the driver within the timeout`, evidence };
  },
};
