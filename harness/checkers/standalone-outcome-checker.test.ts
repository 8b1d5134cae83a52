import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import type { StandaloneAttackEvidence } from "../steps/standalone-attack-step.ts";
import { restAnswer } from "../steps/standalone-attack-step.ts";
import type { WorkloadStep } from "../steps/step-registry.ts";
import { acceptanceLines, refusalLinesIn, restRefusal, sparkLogTime, standaloneOutcome, standaloneOutcomeChecker } from "./standalone-outcome-checker.ts";

const NONCE = "0123456789abcdef";
const T0 = Date.UTC(2026, 11, 7, 10, 8, 30);
const attack = (over: Partial<StandaloneAttackEvidence> = {}): StandaloneAttackEvidence => ({
  via: "register", nonce: NONCE, markerFile: `/tmp/shieldlab-marker-${NONCE}`, window: { from: T0, to: T0 + 3_000 }, command: "java …", exitCode: 0, output: "", waitedMs: 15_000, ...over,
});
const step: WorkloadStep = { kind: "standalone-attack", id: "rogue", via: "register", as: "eva", waitMs: 15_000 } as WorkloadStep;

function evidenceWith(e: StandaloneAttackEvidence | undefined, logs: Record<string, string>): ScenarioEvidence {
  const dir = mkdtempSync(join(tmpdir(), "sa-check-"));
  const logsDir = join(dir, "logs");
  mkdirSync(logsDir);
  for (const [node, text] of Object.entries(logs)) writeFileSync(join(logsDir, `${node}.log`), text);
  return new ScenarioEvidence(new History(), new Map([["rogue", stepRecord(step, e ? { evidence: e } : { problem: "crashed" })]]), logsDir);
}
const check = (e: StandaloneAttackEvidence | undefined, logs: Record<string, string>, expect: "ran" | "refused") =>
  standaloneOutcomeChecker.check(standaloneOutcome("rogue", expect), evidenceWith(e, logs));

describe("standalone-outcome", () => {
  it("reads both of Spark's log time leads", () => {
    expect(sparkLogTime("26/12/07 10:08:30 INFO Master: x")).toBe(T0);
    expect(sparkLogTime("2026-12-07 10:08:30 INFO  DriverRunner:54 - x")).toBe(T0);
    expect(sparkLogTime("\tat org.apache…")).toBeUndefined();
  });

  it("ran: the marker with the nonce and the master's registration naming it", async () => {
    const r = await check(attack({ marker: { node: "worker-1", content: `${NONCE} user=root host=w` } }), { master: `26/12/07 10:08:31 INFO Master: Registered app shieldlab-rogue-${NONCE} with ID app-1\n` }, "ran");
    expect(r.valid).toBe(true);
    expect(r.message).toContain("Registered app shieldlab-rogue-");
  });

  it("a marker without any daemon line naming it is unknown, not ran", async () => {
    const r = await check(attack({ marker: { node: "worker-1", content: `${NONCE} user=root` } }), { master: "26/12/07 10:08:31 INFO Master: Registered app other\n" }, "ran");
    expect(r.valid).toBe("unknown");
  });

  it("refused: the master's own refusal inside the attempt's window, and no marker", async () => {
    const log = "26/12/07 10:08:32 ERROR TransportRequestHandler: Error while invoking RpcHandler#receive() for one-way message.\njava.lang.SecurityException: Unauthenticated call to receive().\n\tat org.apache…\n";
    const r = await check(attack(), { master: log }, "refused");
    expect(r.valid).toBe(true);
    expect(r.message).toContain("Unauthenticated call to receive()");
    // the same refusal seen when a vulnerable outcome was expected fails the check
    expect((await check(attack(), { master: log }, "ran")).valid).toBe(false);
  });

  it("a refusal outside the window, or none at all, is unknown: an absence proves nothing", async () => {
    const old = "26/12/07 09:00:00 ERROR x\njava.lang.SecurityException: Unauthenticated call to receive().\n";
    expect((await check(attack(), { master: old }, "refused")).valid).toBe("unknown");
    expect((await check(attack(), { master: "26/12/07 10:08:31 INFO Master: nothing\n" }, "refused")).valid).toBe("unknown");
    expect((await check(attack(), {}, "refused")).valid).toBe("unknown");
    expect((await check(undefined, { master: old }, "refused")).valid).toBe("unknown");
  });

  it("a marker where a refusal was expected fails", async () => {
    const r = await check(attack({ marker: { node: "worker-1", content: `${NONCE} user=root` } }), { "worker-1": `26/12/07 10:08:33 INFO DriverRunner: Launch Command: "java" "shieldlab.standalone.Marker" "/tmp/m" "${NONCE}"\n` }, "refused");
    expect(r.valid).toBe(false);
  });

  it("REST: an error answer with a body is the server's refusal; a closed port is no answer", () => {
    expect(restRefusal({ status: 403, body: "Unauthorized" })).toContain("HTTP 403");
    expect(restRefusal({ status: 200, body: '{ "success" : true }' })).toBeUndefined();
    expect(restRefusal({ connectError: "Connection refused" })).toBeUndefined();
    expect(restAnswer(0, 'HTTP 200\n{ "success" : true }', "")).toEqual({ status: 200, body: '{ "success" : true }' });
    expect(restAnswer(7, "HTTP 000\n", "curl: (7) Failed to connect")).toEqual({ connectError: "curl: (7) Failed to connect" });
  });

  it("acceptance lines must name the nonce", () => {
    expect(acceptanceLines(`x Registered app shieldlab-rogue-${NONCE}\ny Registered app z`, NONCE)).toHaveLength(1);
    expect(refusalLinesIn("26/12/07 10:08:31 WARN x: Expected SaslMessage, received something else", { from: T0, to: T0 })).toHaveLength(1);
  });
});
