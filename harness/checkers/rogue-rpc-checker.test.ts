import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { RogueRpcStepSchema, rogueRpcClient, type RogueEvidence as RogueOutcome } from "../steps/rogue-rpc-step.ts";
import { driverTarget, SubmitStepSchema } from "../steps/spark-submit-step.ts";
import { stepRecord, type TargetEvidence } from "../steps/step-evidence.ts";
import { rogueOutcome, rogueRpcChecker } from "./rogue-rpc-checker.ts";

const running: TargetEvidence = { step: "driver", running: true, appId: "application_1_0001", owner: "alice" };

function evidence(rogue: RogueOutcome | undefined, target: TargetEvidence = running): ScenarioEvidence {
  const victim = stepRecord(SubmitStepSchema.parse(driverTarget({ tenant: "alice" })), { spark: { tenant: "alice", deployMode: "client" } });
  const attack = stepRecord(RogueRpcStepSchema.parse(rogueRpcClient({ target: "driver", secret: "stolen", actor: "bob" })), { target, evidence: rogue });
  return new ScenarioEvidence(new History(), new Map([["driver", victim], ["rogue", attack]]), "/nonexistent");
}
const answer = (text: string): RogueOutcome => ({ target: "gw:40100", connected: true, frames: [{ type: 0, typeName: "answer", text }], closedByPeer: false, dispatched: text.startsWith("DISPATCHED") });
const valid = (expect: "refused" | "accepted", r: RogueOutcome | undefined, target?: TargetEvidence) =>
  (rogueRpcChecker.check(rogueOutcome("rogue", expect), evidence(r, target)) as { valid: unknown }).valid;

describe("rogueRpcChecker", () => {
  it("a dispatched request is accepted (vulnerable); a SASL refusal is refused (defended)", () => {
    expect(valid("accepted", answer("DISPATCHED (the driver answered with a response)"))).toBe(true);
    expect(valid("refused", answer("DISPATCHED (the driver answered with a response)"))).toBe(false);
    expect(valid("refused", answer("REFUSED SaslException: DIGEST-MD5: digest response format violation"))).toBe(true);
    expect(valid("accepted", answer("REFUSED SaslException: DIGEST-MD5: digest response format violation"))).toBe(false);
  });

  it("a driver that was not there (connection refused) is unknown, never defended", () => {
    const gone: RogueOutcome = { target: "gw:40100", connected: false, frames: [], closedByPeer: false, dispatched: false, error: "UNREACHABLE IOException: Failed to connect | ConnectException: Connection refused" };
    expect(valid("refused", gone)).toBe("unknown");
    expect(valid("accepted", gone)).toBe("unknown");
  });

  it("a target app that had ended before the attack is unknown, never defended", () => {
    const ended: TargetEvidence = { step: "driver", running: false, why: "application_1_0001 ended (FINISHED) before the attack" };
    expect(valid("refused", undefined, ended)).toBe("unknown");
  });
});
