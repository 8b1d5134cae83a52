import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { UiKillEvidence } from "../steps/standalone-ui-kill-step.ts";
import { uiAnswer } from "../steps/standalone-ui-kill-step.ts";
import type { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { removalLines, standaloneKillChecker, standaloneKillOutcome, uiRefusal } from "./standalone-kill-checker.ts";

const T0 = Date.UTC(2026, 11, 7, 13, 28, 40);
const APP = "app-20261207132840-0000";
const line = (offsetS: number, text: string) => {
  const d = new Date(T0 + offsetS * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${String(d.getUTCFullYear()).slice(2)}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} INFO Master: ${text}`;
};
const forbidden = (title: string) => `<html><head><title>Error 403 ${title}</title></head><body><h2>HTTP ERROR 403 ${title}</h2></body></html>`;

function evidence(r: Partial<UiKillEvidence>, masterLog: string): ScenarioEvidence {
  const dir = mkdtempSync(join(tmpdir(), "kill-checker-"));
  writeFileSync(join(dir, "master.log"), masterLog);
  const full: UiKillEvidence = { actor: "bob", owner: "alice", appId: APP, token: "none", request: "POST …", csrf: "found on the master's page", http: { status: 302, location: "http://m:8080/", body: "" }, window: { from: T0, to: T0 + 500 }, watchedMs: 3_000, ...r };
  return { logsDir: dir, step: (id: string) => (id === "kill" ? { evidence: () => full, problem: undefined } : undefined) } as unknown as ScenarioEvidence;
}
const check = (expect: "killed" | "refused", ev: ScenarioEvidence) => standaloneKillChecker.check(standaloneKillOutcome("kill", expect), ev) as { valid: boolean | "unknown"; message: string };

describe("standalone-kill-outcome", () => {
  it("killed: the master's own removal line in the window and /json/ KILLED", () => {
    const ev = evidence({ after: { state: "KILLED", active: false } }, [line(1, `Removing app ${APP}`)].join("\n"));
    expect(check("killed", ev)).toMatchObject({ valid: true, message: expect.stringMatching(/^killed: bob's kill of alice's .*Removing app/) });
    expect(check("refused", ev).valid).toBe(false);
  });

  it("refused: the filter's 403 in its own words, the app still RUNNING, no removal", () => {
    const ev = evidence({ http: { status: 403, body: forbidden("Authorization header is missing.") }, after: { state: "RUNNING", active: true } }, line(30, `Removing app ${APP}`));
    expect(check("refused", ev)).toMatchObject({ valid: true, message: expect.stringContaining("HTTP 403: Authorization header is missing.") });
  });

  it("the app's normal end after the watch is not a kill", () => {
    expect(removalLines(line(30, `Removing app ${APP}`), APP, T0, T0 + 3_500)).toEqual([]);
    expect(removalLines(line(3, `Removing app ${APP}`), APP, T0, T0 + 3_500)).toHaveLength(1);
    // within the watch, but the app asked to go: its own end
    expect(removalLines([line(3, `Received unregister request from application ${APP}`), line(3, `Removing app ${APP}`)].join("\n"), APP, T0, T0 + 3_500)).toEqual([]);
  });

  it("a redirect with the app still running (Spark's kill handler refuses without a word) is unknown, never refused", () => {
    const ev = evidence({ after: { state: "RUNNING", active: true } }, "");
    expect(check("refused", ev)).toMatchObject({ valid: "unknown", message: expect.stringContaining("an absence") });
  });

  it("a CSRF rejection is the request's fault, not a defence", () => {
    const http = { status: 403, body: forbidden("Missing or invalid CSRF token on a state-changing endpoint.") };
    expect(uiRefusal(http)).toBeUndefined();
    const ev = evidence({ http, csrf: "not on the master's page", after: { state: "RUNNING", active: true } }, "");
    expect(check("refused", ev)).toMatchObject({ valid: "unknown", message: expect.stringContaining("CSRF") });
  });

  it("reads curl's status line, redirect and body", () => {
    expect(uiAnswer(0, "HTTP 302 http://m:8080/\n", "")).toEqual({ status: 302, location: "http://m:8080/", body: "" });
    expect(uiAnswer(0, "HTTP 403 \n<html>x</html>", "")).toEqual({ status: 403, body: "<html>x</html>" });
    expect(uiAnswer(7, "HTTP 000 \n", "curl: (7) Failed to connect")).toEqual({ connectError: "curl: (7) Failed to connect" });
  });
});
