import { describe, expect, it } from "vitest";
import type { RogueOutcome } from "../attacks/rogue-rpc-client.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence, type StepEvidence } from "../scenario/scenario-evidence.ts";
import { WorkloadStepSchema, driverTarget, rogueRpcClient } from "../scenario/workloads.ts";
import { rogueOutcome, rogueRpcChecker } from "./rogue-rpc-checker.ts";

function evidence(rogue: RogueOutcome): ScenarioEvidence {
  const target: StepEvidence = { step: WorkloadStepSchema.parse(driverTarget({ tenant: "alice" })) };
  const attack: StepEvidence = { step: WorkloadStepSchema.parse(rogueRpcClient({ target: "driver", secret: "stolen", actor: "bob" })), rogue };
  return new ScenarioEvidence(new History(), new Map([["driver", target], ["rogue", attack]]), "/nonexistent");
}
const answer = (text: string): RogueOutcome => ({ target: "gw:40100", connected: true, frames: [{ type: 0, typeName: "answer", text }], closedByPeer: false, dispatched: text.startsWith("DISPATCHED") });
const valid = (expect: "refused" | "accepted", r: RogueOutcome) => (rogueRpcChecker.check(rogueOutcome("rogue", expect), evidence(r)) as { valid: unknown }).valid;

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
});
