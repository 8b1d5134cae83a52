import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { RmKillStepSchema, rmKill } from "../steps/rm-kill-step.ts";
import { longPi, SubmitStepSchema } from "../steps/spark-submit-step.ts";
import { stepRecord, type TargetEvidence } from "../steps/step-evidence.ts";
import type { YarnApp } from "../yarn/rm-client.ts";
import { killOutcome, rmKillChecker } from "./rm-kill-checker.ts";

const app = (state: YarnApp["state"]): YarnApp =>
  ({ id: "application_1_0001", user: "john", name: "pi", queue: "john", state, finalStatus: state === "KILLED" ? "KILLED" : "SUCCEEDED", diagnostics: "" }) as YarnApp;

const running: TargetEvidence = { step: "john-pi", running: true, appId: "application_1_0001", owner: "john" };

function evidence(status: number | undefined, finalState: YarnApp["state"] | undefined, target: TargetEvidence = running): ScenarioEvidence {
  const victim = stepRecord(SubmitStepSchema.parse(longPi({ id: "john-pi", tenant: "john" })), { spark: { tenant: "john", deployMode: "client", app: finalState ? app(finalState) : undefined } });
  const attack = stepRecord(RmKillStepSchema.parse(rmKill({ actor: "tim", target: "john-pi" })), {
    target,
    evidence: status === undefined ? undefined : { actor: "tim", asUser: "tim", appId: "application_1_0001", request: "PUT", status, body: "" },
  });
  return new ScenarioEvidence(new History(), new Map([["john-pi", victim], ["kill-by-tim", attack]]), "/nonexistent");
}

describe("rmKillChecker", () => {
  it("refused: 403 and the app lives on → defended; as expected only when refusal is expected", () => {
    const r = rmKillChecker.check(killOutcome("kill-by-tim", "refused"), evidence(403, "FINISHED")) as { valid: unknown; message: string };
    expect(r.valid).toBe(true);
    expect(r.message).toMatch(/^defended: .*HTTP 403/);
    expect((rmKillChecker.check(killOutcome("kill-by-tim", "allowed"), evidence(403, "FINISHED")) as { valid: unknown }).valid).toBe(false);
  });

  it("allowed: 202 and KILLED → vulnerable; a failed defence makes the refused expectation false", () => {
    const r = rmKillChecker.check(killOutcome("kill-by-tim", "refused"), evidence(202, "KILLED")) as { valid: unknown; message: string };
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/^vulnerable: /);
    expect((rmKillChecker.check(killOutcome("kill-by-tim", "allowed"), evidence(202, "KILLED")) as { valid: unknown }).valid).toBe(true);
  });

  it("unknown when the attack was not made, the target has no report, or the answer is mixed", () => {
    expect((rmKillChecker.check(killOutcome("kill-by-tim", "refused"), evidence(undefined, "FINISHED")) as { valid: unknown }).valid).toBe("unknown");
    expect((rmKillChecker.check(killOutcome("kill-by-tim", "refused"), evidence(403, undefined)) as { valid: unknown }).valid).toBe("unknown");
    // a 202 whose app nevertheless finished is neither a clean refusal nor a clean kill
    expect((rmKillChecker.check(killOutcome("kill-by-tim", "refused"), evidence(202, "FINISHED")) as { valid: unknown }).valid).toBe("unknown");
  });

  it("unknown, never defended, when the target app had ended before the attack", () => {
    const gone: TargetEvidence = { step: "john-pi", running: false, why: "application_1_0001 ended (FINISHED) before the attack" };
    const r = rmKillChecker.check(killOutcome("kill-by-tim", "refused"), evidence(undefined, "FINISHED", gone)) as { valid: unknown; message: string };
    expect(r.valid).toBe("unknown");
    expect(r.message).toMatch(/target not there: john-pi's app was not RUNNING/);
  });
});
