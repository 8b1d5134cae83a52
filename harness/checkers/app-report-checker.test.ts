import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { AppReportReadStepSchema, appReportRead, type AppReportAnswer, type AppReportEvidence } from "../steps/app-report-read-step.ts";
import { stepRecord, type TargetEvidence } from "../steps/step-evidence.ts";
import { appReportChecker, appReportOutcome } from "./app-report-checker.ts";

const APP = "application_1795364789888_0004";
// what AppInfo serialises for a running app: the public part always, the restricted part only with view access
const PUBLIC = { id: APP, user: "john", queue: "john", state: "RUNNING", finalStatus: "UNDEFINED", diagnostics: "", trackingUrl: `http://rm:8088/proxy/${APP}/` };
const RESTRICTED = { amContainerLogs: `http://nm-1:8042/node/containerlogs/container_1795364789888_0004_01_000001/john`, amHostHttpAddress: "nm-1:8042", startedTime: 1795364790000, elapsedTime: 41000, runningContainers: 3, allocatedMB: 1536 };
const WITHHELD = { startedTime: 0, finishedTime: 0, elapsedTime: 0, runningContainers: 0, allocatedMB: 0 };

const answer = (user: string, app: Record<string, unknown> | undefined, status = 200): AppReportAnswer => ({ user, request: `GET /ws/v1/cluster/apps/${APP}?user.name=${user}`, status, ...(app ? { app } : { text: "Forbidden" }) });
const running: TargetEvidence = { step: "john-pi", running: true, appId: APP, owner: "john" };

function evidence(reader: AppReportAnswer | undefined, owner = answer("john", { ...PUBLIC, ...RESTRICTED }), target: TargetEvidence = running): ScenarioEvidence {
  const step = AppReportReadStepSchema.parse(appReportRead({ reader: "tim", target: "john-pi" }));
  const report: AppReportEvidence | undefined = reader && { appId: APP, owner: "john", reader, ownerView: owner };
  return new ScenarioEvidence(new History(), new Map([["report-by-tim", stepRecord(step, { target, evidence: report })]]), "/nonexistent");
}
const check = (expect: "withheld" | "visible", ev: ScenarioEvidence) => appReportChecker.check(appReportOutcome("report-by-tim", expect), ev) as { valid: unknown; message: string };

describe("appReportChecker", () => {
  it("withheld: tim's report lacks what john's has → defended; fails the control's expectation", () => {
    const ev = evidence(answer("tim", { ...PUBLIC, ...WITHHELD }));
    const r = check("withheld", ev);
    expect(r.valid).toBe(true);
    expect(r.message).toMatch(/^defended: tim reading john's running application_1795364789888_0004: amContainerLogs, amHostHttpAddress, startedTime, elapsedTime, runningContainers, allocatedMB withheld/);
    expect(check("visible", ev).valid).toBe(false);
  });

  it("visible: tim sees the restricted fields as john does → vulnerable; true only for the control", () => {
    const ev = evidence(answer("tim", { ...PUBLIC, ...RESTRICTED }));
    const r = check("withheld", ev);
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/^vulnerable: .*amContainerLogs http:\/\/nm-1:8042/);
    expect(check("visible", ev).valid).toBe(true);
  });

  it("a refused report (HTTP 403) withholds everything", () => {
    expect(check("withheld", evidence(answer("tim", undefined, 403))).valid).toBe(true);
  });

  it("unknown when the target was not there, was not RUNNING when read, or the report was not read", () => {
    const gone: TargetEvidence = { step: "john-pi", running: false, why: `${APP} ended (FINISHED) before the attack` };
    const notThere = check("withheld", evidence(answer("tim", { ...PUBLIC, ...WITHHELD }), undefined, gone));
    expect(notThere.valid).toBe("unknown");
    expect(notThere.message).toContain("target not there");
    // a finished app's report read by tim: the fields may be missing for another reason than the ACLs
    const finished = evidence(answer("tim", { ...PUBLIC, state: "FINISHED", ...WITHHELD }), answer("john", { ...PUBLIC, state: "FINISHED", ...RESTRICTED }));
    expect(check("withheld", finished).valid).toBe("unknown");
    expect(check("withheld", finished).message).toContain("target not RUNNING when read");
    expect(check("withheld", evidence(undefined)).valid).toBe("unknown");
  });

  it("unknown when john's own report has nothing to withhold, or tim's is half withheld", () => {
    expect(check("withheld", evidence(answer("tim", { ...PUBLIC, ...WITHHELD }), answer("john", { ...PUBLIC, ...WITHHELD }))).valid).toBe("unknown");
    const half = check("withheld", evidence(answer("tim", { ...PUBLIC, ...WITHHELD, amContainerLogs: RESTRICTED.amContainerLogs })));
    expect(half.valid).toBe("unknown");
    expect(half.message).toContain("some restricted fields shown (amContainerLogs)");
  });

  it("unknown when tim's answer is not a report at all", () => {
    expect(check("withheld", evidence(answer("tim", undefined, 500))).valid).toBe("unknown");
  });
});
