import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import type { SubmitResult } from "../spark/spark-submit.ts";
import { RogueRpcStepSchema, rogueRpcClient, type RogueEvidence as RogueOutcome } from "../steps/rogue-rpc-step.ts";
import { driverTarget, SubmitStepSchema } from "../steps/spark-submit-step.ts";
import { stepRecord, type TargetEvidence } from "../steps/step-evidence.ts";
import { driverRefusals, rogueOutcome, rogueRpcChecker } from "./rogue-rpc-checker.ts";

// real driver log lines of a default-suite run: ten-rogue-executor (raw frames, request id 4242) and
// ten-shared-secret-control (Spark's SASL client with a secret of its own)
const SASL_EXPECTED = [
  "26/12/07 06:43:34 INFO BlockManager: Initialized BlockManager: BlockManagerId(driver, gw, 36193, None)",
  "26/12/07 06:43:35 ERROR TransportRequestHandler: Error while invoking RpcHandler#receive() on RPC id 4242",
  "java.lang.IllegalStateException: Expected SaslMessage, received something else (maybe your client does not have SASL enabled?)",
  "\tat org.apache.spark.network.sasl.SaslMessage.decode(SaslMessage.java:70)",
  "26/12/07 06:43:36 INFO SparkContext: Starting job",
].join("\n");
const DIGEST = [
  "26/12/07 06:49:41 ERROR TransportRequestHandler: Error while invoking RpcHandler#receive() on RPC id 8518016310138057494",
  "java.lang.RuntimeException: javax.security.sasl.SaslException: DIGEST-MD5: digest response format violation. Mismatched response.",
  "\tat org.apache.spark.network.sasl.SaslRpcHandler.doAuthChallenge(SaslRpcHandler.java:96)",
].join("\n");

const running: TargetEvidence = { step: "driver", running: true, appId: "application_1_0001", owner: "alice" };

function evidence(rogue: RogueOutcome | undefined, driverStderr: string | null = "", target: TargetEvidence = running): ScenarioEvidence {
  const submit = driverStderr === null ? undefined : ({ exitCode: 0, stdout: "", stderr: driverStderr, command: [], startedAt: 0, endedAt: 1, timedOut: false } satisfies SubmitResult);
  const victim = stepRecord(SubmitStepSchema.parse(driverTarget({ tenant: "alice" })), { spark: { tenant: "alice", deployMode: "client", submit } });
  const attack = stepRecord(RogueRpcStepSchema.parse(rogueRpcClient({ target: "driver", secret: "stolen", actor: "bob" })), { target, evidence: rogue });
  return new ScenarioEvidence(new History(), new Map([["driver", victim], ["rogue", attack]]), "/nonexistent");
}
const rpcFailure = (text: string, requestId = "4242"): RogueOutcome => ({ target: "gw:40100", connected: true, frames: [{ type: 5, typeName: "RpcFailure", requestId, text }], closedByPeer: false, dispatched: /shieldlab-rogue/.test(text) });
const holder = (line: string): RogueOutcome => ({ target: "gw:40100 (as bob)", connected: true, frames: [{ type: 0, typeName: "answer", text: line }], closedByPeer: false, dispatched: line.startsWith("DISPATCHED") });
const check = (expect: "refused" | "accepted", r: RogueOutcome | undefined, log: string | null = "", target?: TargetEvidence) =>
  rogueRpcChecker.check(rogueOutcome("rogue", expect), evidence(r, log, target)) as { valid: unknown; message: string };

describe("rogueRpcChecker", () => {
  it("the driver's own answer naming the made-up endpoint is accepted (vulnerable)", () => {
    const dispatched = rpcFailure("org.apache.spark.SparkException: Could not find shieldlab-rogue.");
    expect(check("accepted", dispatched).valid).toBe(true);
    expect(check("refused", dispatched).valid).toBe(false);
    expect(check("accepted", holder("DISPATCHED RuntimeException: org.apache.spark.SparkException: Could not find shieldlab-rogue.")).valid).toBe(true);
  });

  it("refused needs the driver's own refusal line, tied to the rogue's request id when it spoke raw frames", () => {
    const frame = rpcFailure("java.lang.IllegalStateException: Expected SaslMessage, received something else (maybe your client does not have SASL enabled?)");
    const r = check("refused", frame, SASL_EXPECTED);
    expect(r.valid).toBe(true);
    expect(r.message).toContain("the driver logged (RPC id 4242): java.lang.IllegalStateException: Expected SaslMessage");
    expect(check("accepted", frame, SASL_EXPECTED).valid).toBe(false);
    // the same refusal of another request is not this one's
    expect(check("refused", rpcFailure(frame.frames[0]!.text, "99"), SASL_EXPECTED).valid).toBe("unknown");
    // another tenant's SASL client: the driver's DIGEST-MD5 rejection
    expect(check("refused", holder("REFUSED RuntimeException: java.lang.RuntimeException: javax.security.sasl.SaslException: DIGEST-MD5: digest response format violation."), DIGEST).valid).toBe(true);
  });

  it("an error frame, a closed connection or the client's own REFUSED without the driver's line is unknown, never defended", () => {
    const frame = rpcFailure("java.lang.IllegalStateException: Expected SaslMessage, received something else");
    expect(check("refused", frame, "").valid).toBe("unknown");
    expect(check("refused", frame, null).message).toContain("was not recorded");
    const closed: RogueOutcome = { target: "gw:40100", connected: true, frames: [], closedByPeer: true, dispatched: false };
    expect(check("refused", closed, "26/12/07 06:43:35 INFO SparkContext: nothing here").valid).toBe("unknown");
    expect(check("refused", holder("REFUSED IOException: Connection reset by peer"), "").valid).toBe("unknown");
  });

  it("a driver that was not there (connection refused) or an app that had ended is unknown", () => {
    const gone: RogueOutcome = { target: "gw:40100", connected: false, frames: [], closedByPeer: false, dispatched: false, error: "UNREACHABLE IOException: Failed to connect | ConnectException: Connection refused" };
    expect(check("refused", gone, SASL_EXPECTED).valid).toBe("unknown");
    expect(check("accepted", gone).valid).toBe("unknown");
    const ended: TargetEvidence = { step: "driver", running: false, why: "application_1_0001 ended (FINISHED) before the attack" };
    expect(check("refused", undefined, SASL_EXPECTED, ended).valid).toBe("unknown");
  });
});

describe("driverRefusals", () => {
  it("names the request each refusal failed, and forgets it at the next log record", () => {
    expect(driverRefusals(SASL_EXPECTED)).toEqual([{ rpcId: "4242", line: "java.lang.IllegalStateException: Expected SaslMessage, received something else (maybe your client does not have SASL enabled?)" }]);
    expect(driverRefusals("26/12/07 06:43:35 WARN X: Unauthenticated call to receive()")).toEqual([{ line: "26/12/07 06:43:35 WARN X: Unauthenticated call to receive()" }]);
  });
});
