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

  it("a demanded status: 401 (no proven identity) and 403 (identity proven, ACL says no) are not interchangeable", () => {
    const run = (status: number, want: 401 | 403) => rmKillChecker.check(killOutcome("kill-by-tim", "refused", want), evidence(status, "FINISHED")) as { valid: unknown; message: string };
    expect(run(401, 401).valid).toBe(true);
    expect(run(403, 403).valid).toBe(true);
    expect(run(401, 401).message).toMatch(/^defended: .*HTTP 401.*expected refused \(HTTP 401\)$/);
    const wrong = run(403, 401);
    expect(wrong.valid).toBe(false);
    expect(wrong.message).toMatch(/^defended, but with HTTP 403 where 401 was expected: /);
    expect(run(401, 403).valid).toBe(false);
    expect(run(401, 403).message).toContain("HTTP 401 where 403 was expected");
    // without a demanded status either refusal will do
    expect((rmKillChecker.check(killOutcome("kill-by-tim", "refused"), evidence(401, "FINISHED")) as { valid: unknown }).valid).toBe(true);
    // a status demand does not turn a kill into anything but a failed defence
    expect((rmKillChecker.check(killOutcome("kill-by-tim", "refused", 403), evidence(202, "KILLED")) as { valid: unknown }).valid).toBe(false);
    expect(killOutcome("s", "refused")).toEqual({ kind: "rm-kill-outcome", step: "s", expect: "refused" });
    expect(killOutcome("s", "refused", 401)).toEqual({ kind: "rm-kill-outcome", step: "s", expect: "refused", status: 401 });
  });

  it("says what the actor proved: its own ticket, no ticket, or nothing asked (simple auth)", () => {
    const said = (credentials: "ticket" | "none" | "simple") => {
      const ev = evidence(403, "FINISHED");
      const attack = ev.step("kill-by-tim")!;
      Object.assign(attack.evidence<Record<string, unknown>>()!, { credentials, asUser: "john" });
      return (rmKillChecker.check(killOutcome("kill-by-tim", "refused"), ev) as { message: string }).message;
    };
    expect(said("ticket")).toContain("tim → PUT state KILLED as user.name=john with tim's own ticket: HTTP 403");
    expect(said("none")).toContain("as user.name=john with no Kerberos ticket: HTTP 403");
    expect(said("simple")).toContain("as user.name=john: HTTP 403");
  });

  it("unknown, never defended, when the target app had ended before the attack", () => {
    const gone: TargetEvidence = { step: "john-pi", running: false, why: "application_1_0001 ended (FINISHED) before the attack" };
    const r = rmKillChecker.check(killOutcome("kill-by-tim", "refused"), evidence(undefined, "FINISHED", gone)) as { valid: unknown; message: string };
    expect(r.valid).toBe("unknown");
    expect(r.message).toMatch(/target not there: john-pi's app was not RUNNING/);
  });
});
