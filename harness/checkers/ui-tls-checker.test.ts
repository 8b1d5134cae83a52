import { describe, expect, it } from "vitest";
import { parseUiProbe, type UiAnswer } from "../attacks/ui-probe.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { stepRecord, type TargetEvidence } from "../steps/step-evidence.ts";
import { UiProbeStepSchema, type UiProbeEvidence as UiProbeOutcome } from "../steps/ui-probe-step.ts";
import { uiTlsChecker, uiTlsOutcome } from "./ui-tls-checker.ts";

const step = UiProbeStepSchema.parse({ kind: "ui-probe", id: "ui", target: "driver" });
const running: TargetEvidence = { step: "driver", running: true, appId: "application_1_0001", owner: "alice" };
const ev = (ui?: UiProbeOutcome, target: TargetEvidence = running): ScenarioEvidence =>
  new ScenarioEvidence(new History(), new Map([["ui", stepRecord(step, { evidence: ui, target })]]), "/nonexistent");
const answer = (httpCode: string, o: Partial<UiAnswer> = {}): UiAnswer => ({ url: "u", httpCode, redirect: "", body: "", exitCode: httpCode === "000" ? 7 : 0, ...o });
const TLS = "TLSv1.3 / TLS_AES_256_GCM_SHA384";
const served = answer("200", { tls: TLS, body: '[ {\n  "id" : "application_1_0001"' });
const refused = answer("000", { exitCode: 7, connection: "Connection refused", error: "Failed to connect to gw port 4040 after 0 ms: Couldn't connect to server" });
const valid = (expect: "https-only" | "plain-http", ui?: UiProbeOutcome, target?: TargetEvidence) => (uiTlsChecker.check(uiTlsOutcome("ui", expect), ev(ui, target)) as { valid: unknown; message: string });

describe("uiTlsChecker", () => {
  it("https-only: a TLS handshake and the UI's JSON on HTTPS, and plain HTTP redirected to https://", () => {
    const ui = { plain: answer("302", { redirect: "https://gw:4440/api/v1/applications" }), https: served };
    expect(valid("https-only", ui).valid).toBe(true);
    expect(valid("https-only", ui).message).toContain(TLS);
    expect(valid("plain-http", ui).valid).toBe(false);
  });

  it("https-only: plain HTTP refused or reset at the socket counts; a timeout or a bare 000 never does", () => {
    expect(valid("https-only", { plain: refused, https: served }).valid).toBe(true);
    expect(valid("https-only", { plain: answer("000", { exitCode: 56, connection: "Connection reset by peer" }), https: served }).valid).toBe(true);
    const timeout = answer("000", { exitCode: 28, error: "Operation timed out after 10001 milliseconds with 0 bytes received" });
    const r = valid("https-only", { plain: timeout, https: served });
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("a timeout or no answer is no refusal");
    // evidence recorded before the probe kept the socket's word: "000" alone
    expect(valid("https-only", { plain: { url: "u", httpCode: "000", redirect: "", body: "" }, https: served }).valid).toBe("unknown");
  });

  it("https-only needs the handshake itself: an HTTPS 200 without a recorded TLS session is unknown", () => {
    expect(valid("https-only", { plain: refused, https: answer("200") }).valid).toBe("unknown");
    expect(valid("https-only", { plain: refused, https: answer("000", { exitCode: 35, error: "TLS connect error" }) }).valid).toBe("unknown");
  });

  it("plain-http: HTTP serves the UI and no TLS handshake completed; that fails https-only", () => {
    const ui = { plain: answer("200", { body: "[ {" }), https: answer("000", { exitCode: 7, connection: "Connection refused" }) };
    expect(valid("plain-http", ui).valid).toBe(true);
    expect(valid("https-only", ui).valid).toBe(false);
  });

  it("unknown when nothing was probed, neither picture holds, or the target was not running", () => {
    expect(valid("https-only").valid).toBe("unknown");
    expect(valid("https-only", { plain: answer("302", { redirect: "http://rm:8088/proxy/x" }), https: answer("000") }).valid).toBe("unknown");
    const r = valid("https-only", { plain: refused, https: served }, { step: "driver", running: false, why: "ended (FAILED) before the attack" });
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("target not there");
  });
});

describe("parseUiProbe", () => {
  it("reads the probe's fields, the TLS session and the socket's word", () => {
    const out = "code=200\nexit=0\nredirect=\nerror=\ntls=TLSv1.3 / TLS_AES_256_GCM_SHA384\nconnection=\nbody=\n[ {\n  \"id\" : \"app\"";
    expect(parseUiProbe("https://gw:4440/x", out)).toEqual({ url: "https://gw:4440/x", httpCode: "200", redirect: "", body: '[ {\n  "id" : "app"', exitCode: 0, tls: TLS });
    const no = "code=000\nexit=7\nredirect=\nerror=Failed to connect to gw port 4040 after 0 ms: Couldn't connect to server\ntls=\nconnection=Connection refused\nbody=\n";
    expect(parseUiProbe("http://gw:4040/x", no)).toMatchObject({ httpCode: "000", exitCode: 7, connection: "Connection refused" });
    expect(parseUiProbe("u", "")).toEqual({ url: "u", httpCode: "000", redirect: "", body: "" });
  });
});
