import { describe, expect, it } from "vitest";
import { doAsPayload, doAsUrl, parseMarkerStat } from "../attacks/ui-doas.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { SubmitStepSchema, uiTarget } from "../steps/spark-submit-step.ts";
import { stepRecord, type TargetEvidence } from "../steps/step-evidence.ts";
import { UiDoAsProbeStepSchema, uiDoAsProbe, type DoAsEvidence } from "../steps/ui-doas-probe-step.ts";
import { doasInjection, doasInjectionChecker } from "./doas-injection-checker.ts";

const running: TargetEvidence = { step: "driver", running: true, appId: "application_1_0001", owner: "alice" };
const MARKER = "/tmp/shieldlab-doas-0123456789ab";
const answer = (httpCode: string, redirect = "", body = ""): DoAsEvidence["baseline"] => ({ url: "u", httpCode, redirect, body });
const probe = (o: Partial<DoAsEvidence> = {}): DoAsEvidence => ({
  marker: MARKER,
  payload: doAsPayload(MARKER),
  baseline: answer("200"),
  injected: answer("403", "", "User nobody;touch … is not authorized to access this page."),
  markerState: { exists: false },
  ...o,
});
const executed = probe({ markerState: { exists: true, owner: "alice", uid: 2001, mode: "644" } });

function ev(d: DoAsEvidence | undefined, target: TargetEvidence = running, driverStderr = ""): ScenarioEvidence {
  const victim = stepRecord(SubmitStepSchema.parse(uiTarget({ tenant: "alice" })), {
    spark: { tenant: "alice", deployMode: "client", submit: { exitCode: 0, stdout: "", stderr: driverStderr, appId: "application_1_0001", timedOut: false } as never },
  });
  const attack = stepRecord(UiDoAsProbeStepSchema.parse(uiDoAsProbe({ target: "driver" })), { target, evidence: d });
  return new ScenarioEvidence(new History(), new Map([["driver", victim], ["doas", attack]]), "/nonexistent");
}
const check = (expect: "executed" | "refused", e: ScenarioEvidence) => doasInjectionChecker.check(doasInjection("doas", expect), e) as { valid: unknown; message: string; evidence?: Record<string, unknown> };

describe("doasInjectionChecker", () => {
  it("a marker on the driver's host is executed (vulnerable): passes only when executed is expected", () => {
    expect(check("executed", ev(executed)).valid).toBe(true);
    const r = check("refused", ev(executed));
    expect(r.valid).toBe(false);
    expect(r.message).toContain("owner alice");
  });

  it("no marker and Spark's 403 is refused (defended), quoting the refusal page; fails when executed is expected", () => {
    const page = "<html>\n<head>\n<title>Error 403 User nobody;touch /tmp/x is not authorized to access this page.</title>\n</head>";
    const r = check("refused", ev(probe({ injected: answer("403", "", page) })));
    expect(r.valid).toBe(true);
    expect(r.message).toContain("HTTP 403: Error 403 User nobody;touch /tmp/x is not authorized to access this page.");
    expect(check("executed", ev(probe())).valid).toBe(false);
  });

  it("no marker without the named refusal status is unknown, never refused: 200, 404, 500, or a status the scenario did not name", () => {
    for (const code of ["200", "404", "500", "401"]) expect(check("refused", ev(probe({ injected: answer(code) }))).valid).toBe("unknown");
    expect(check("refused", ev(probe({ injected: answer("500") }))).message).toContain("not the 403 of Spark's refusal");
    // a scenario that names another status gets that one only
    const spec = { ...doasInjection("doas", "refused", 401) };
    expect((doasInjectionChecker.check(spec, ev(probe())) as { valid: unknown }).valid).toBe("unknown");
    expect((doasInjectionChecker.check(spec, ev(probe({ injected: answer("401") }))) as { valid: unknown }).valid).toBe(true);
  });

  it("no marker is unknown, never refused, when the UI did not serve the RM's host or the doAs request was redirected or unanswered", () => {
    expect(check("refused", ev(probe({ baseline: answer("302", "http://rm:8088/proxy/application_1_0001/jobs/") }))).valid).toBe("unknown");
    expect(check("refused", ev(probe({ injected: answer("302", "http://rm:8088/proxy/x") }))).valid).toBe("unknown");
    expect(check("refused", ev(probe({ injected: answer("000") }))).valid).toBe("unknown");
    expect(check("refused", ev(undefined)).valid).toBe("unknown");
  });

  it("unknown when the target driver's app was not running", () => {
    const r = check("executed", ev(executed, { step: "driver", running: false, why: "ended (FAILED) before the attack" }));
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("target not there");
  });

  it("shows the driver's group-lookup lines as evidence", () => {
    const r = check("refused", ev(probe(), running, "22/07/18 INFO Utils: x\n22/07/18 ERROR Utils: Error getting groups for user=nobody;touch /tmp/x\n"));
    expect(r.evidence?.driverLines).toEqual(["22/07/18 ERROR Utils: Error getting groups for user=nobody;touch /tmp/x"]);
  });
});

describe("doAs payload helpers", () => {
  it("ends `id -Gn` and touches the marker; the URL carries it percent-encoded", () => {
    expect(doAsPayload(MARKER)).toBe(`nobody;touch ${MARKER}`);
    expect(doAsUrl("gw", "/jobs/", doAsPayload(MARKER))).toBe(`http://gw:4040/jobs/?doAs=nobody%3Btouch%20%2Ftmp%2Fshieldlab-doas-0123456789ab`);
    expect(doAsUrl("gw", "/jobs/")).toBe("http://gw:4040/jobs/");
  });
  it("refuses a marker that is not a plain /tmp file (it goes into a shell)", () => {
    expect(() => doAsPayload("/tmp/x y")).toThrow(/plain file/);
    expect(() => doAsPayload("/etc/passwd")).toThrow(/plain file/);
  });
  it("parses stat output and the absence line", () => {
    expect(parseMarkerStat("alice 2001 644\n")).toEqual({ exists: true, owner: "alice", uid: 2001, mode: "644" });
    expect(parseMarkerStat("absent\n")).toEqual({ exists: false });
  });
});
