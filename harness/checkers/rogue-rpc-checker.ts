// Outcome of the rogue RPC client: did the driver dispatch a request from a client that never authenticated?
// "accepted" rests on the driver's own answer naming the made-up endpoint (it deserialised and looked it up).
// "refused" rests on the driver's own log (client mode: spark-submit's stderr) saying its authentication turned the
// client away — tied to the rogue's request id when the rogue spoke raw frames. A closed connection, an error frame
// or a client-side exception without that line is unknown.
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
export const AUTH_REFUSAL_LINES =
  /Expected SaslMessage, received something else|SaslException: DIGEST-MD5: digest response format violation|Failed to parse new auth challenge|Unknown challenge message|Authentication failed|Unauthenticated call to receive\(\)/;

/** TransportRequestHandler's line before the exception that failed a request: it names the request's id. */
const RECEIVE_FAILED = /Error while invoking RpcHandler#receive\(\) on RPC id (-?\d+)/;

/** The driver's authentication refusals in its log, each with the RPC id of the request it failed when it says. */
export function driverRefusals(log: string): { rpcId?: string; line: string }[] {
  const out: { rpcId?: string; line: string }[] = [];
  let rpcId: string | undefined;
  for (const raw of log.split("\n")) {
    const line = raw.trim();
    const failed = RECEIVE_FAILED.exec(line);
    if (failed) {
      rpcId = failed[1];
      continue;
    }
    // a new log record (Spark's "yy/MM/dd HH:mm:ss" lead) ends the exception of the failed request
    if (/^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d /.test(line)) rpcId = undefined;
    if (AUTH_REFUSAL_LINES.test(line)) out.push({ ...(rpcId !== undefined ? { rpcId } : {}), line: line.slice(0, 300) });
  }
  return out;
}

export const rogueRpcChecker: Checker<RogueRpcOutcomeSpec> = {
  kind: "rogue-rpc-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const notThere = targetNotThere(spec.step, s?.target);
    if (notThere) return { valid: "unknown", message: notThere, evidence: { target: s?.target } };
    const r = s?.evidence<RogueEvidence>();
    if (!s || !r) return { valid: "unknown", message: `${spec.step}: the rogue client did not run (${s?.problem ?? "no record"})` };
    if (!r.connected) return { valid: "unknown", message: `${spec.step}: could not connect to the driver at ${r.target} (${r.error ?? "?"})`, evidence: { rogue: r } };
    const target = s.step.kind === "rogue-rpc" || s.step.kind === "standalone-secret-holder" ? ev.step(s.step.target) : undefined;
    const driverLog = target?.spark?.submit?.stderr;
    const refusals = driverLog === undefined ? [] : driverRefusals(driverLog);
    // the raw client's request id comes back in the driver's frame and in its log line: the refusal must be of that request
    const rpcIds = new Set(r.frames.flatMap((f) => (f.requestId ? [f.requestId] : [])));
    const mine = rpcIds.size > 0 ? refusals.filter((x) => x.rpcId !== undefined && rpcIds.has(x.rpcId)) : refusals;
    const answer = r.frames.map((f) => `${f.typeName}: ${f.text.split("\n")[0]}`).join(" | ") || (r.closedByPeer ? "connection closed by the driver" : "no answer");
    const evidence = { rogue: { ...r, frames: r.frames.map((f) => ({ ...f, text: f.text.slice(0, 600) })) }, driverLogLines: refusals.slice(0, 5) };
    if (r.dispatched) {
      return { valid: spec.expect === "accepted", message: `vulnerable: the driver at ${r.target} dispatched an RPC from a process outside its app (${answer.slice(0, 160)}); expected ${spec.expect}`, evidence };
    }
    if (mine.length > 0) {
      const id = mine[0]!.rpcId !== undefined ? ` (RPC id ${mine[0]!.rpcId})` : "";
      return { valid: spec.expect === "refused", message: `defended: the driver logged${id}: ${mine[0]!.line.slice(0, 200)}; the client saw: ${answer.slice(0, 120)}; expected ${spec.expect}`, evidence };
    }
    const why =
      driverLog === undefined
        ? "the driver's log (spark-submit's stderr) was not recorded"
        : refusals.length > 0
          ? `the driver's refusal lines name other requests (RPC id ${refusals.map((x) => x.rpcId ?? "?").join(", ")}), not ${[...rpcIds].join(", ")}`
          : "the driver logged no authentication refusal";
    return { valid: "unknown", message: `${spec.step}: not dispatched, but ${why}; the client saw: ${answer.slice(0, 160)}`, evidence };
  },
};
