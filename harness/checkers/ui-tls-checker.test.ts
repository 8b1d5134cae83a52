import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { stepRecord, type TargetEvidence } from "../steps/step-evidence.ts";
import { UiProbeStepSchema, type UiProbeEvidence as UiProbeOutcome } from "../steps/ui-probe-step.ts";
import { uiTlsChecker, uiTlsOutcome } from "./ui-tls-checker.ts";

const step = UiProbeStepSchema.parse({ kind: "ui-probe", id: "ui", target: "driver" });
const running: TargetEvidence = { step: "driver", running: true, appId: "application_1_0001", owner: "alice" };
const ev = (ui?: UiProbeOutcome, target: TargetEvidence = running): ScenarioEvidence =>
  new ScenarioEvidence(new History(), new Map([["ui", stepRecord(step, { evidence: ui, target })]]), "/nonexistent");
const answer = (httpCode: string, redirect = ""): UiProbeOutcome["plain"] => ({ url: "u", httpCode, redirect, body: "" });

describe("uiTlsChecker", () => {
  it("https-only: HTTPS serves, plain HTTP only redirects to https", () => {
    const ui = { plain: answer("302", "https://gw:4440/api/v1/applications"), https: answer("200") };
    expect((uiTlsChecker.check(uiTlsOutcome("ui", "https-only"), ev(ui)) as { valid: unknown }).valid).toBe(true);
    expect((uiTlsChecker.check(uiTlsOutcome("ui", "plain-http"), ev(ui)) as { valid: unknown }).valid).toBe(false);
  });
  it("plain-http: HTTP serves the UI and nothing speaks TLS", () => {
    const ui = { plain: answer("200"), https: answer("000") };
    expect((uiTlsChecker.check(uiTlsOutcome("ui", "plain-http"), ev(ui)) as { valid: unknown }).valid).toBe(true);
    expect((uiTlsChecker.check(uiTlsOutcome("ui", "https-only"), ev(ui)) as { valid: unknown }).valid).toBe(false);
  });
  it("unknown when neither picture holds, or nothing was probed", () => {
    expect((uiTlsChecker.check(uiTlsOutcome("ui", "https-only"), ev({ plain: answer("302", "http://rm:8088/proxy/x"), https: answer("000") })) as { valid: unknown }).valid).toBe("unknown");
    expect((uiTlsChecker.check(uiTlsOutcome("ui", "https-only"), ev(undefined)) as { valid: unknown }).valid).toBe("unknown");
  });
  it("unknown when the target driver's app was not running, even with answers on record", () => {
    const ui = { plain: answer("302", "https://gw:4440/api/v1/applications"), https: answer("200") };
    const r = uiTlsChecker.check(uiTlsOutcome("ui", "https-only"), ev(ui, { step: "driver", running: false, why: "ended (FAILED) before the attack" })) as { valid: unknown; message: string };
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("target not there");
  });
});
