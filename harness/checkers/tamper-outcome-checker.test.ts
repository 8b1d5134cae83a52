import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { endpointNameOffset, parseProxyLog } from "../attacks/mitm-proxy.ts";
import { MitmTamperStepSchema, type MitmEvent } from "../steps/mitm-tamper-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { validateScenario } from "../scenario/scenario-schema.ts";
import { mitmTamper } from "../steps/mitm-tamper-step.ts";
import { WorkloadStepSchema } from "../steps/step-registry.ts";
import { CheckerSpecSchema } from "./checker-registry.ts";
import { classifyTamper, tamperOutcome, tamperOutcomeChecker } from "./tamper-outcome-checker.ts";

const APP = "application_1795364789888_0007";
const flip = (conn: number): MitmEvent => ({ t: 1, event: "flip", conn, port: 40200, direction: "executor->driver", mode: "spark-frames", streamOffset: 200, encryptedOffset: 52, before: 0x65, after: 0x45 });
const close = (conn: number, endedBy: string): MitmEvent => ({ t: 2, event: "close", conn, port: 40200, endedBy, flipped: true });
const connect = (conn: number): MitmEvent => ({ t: 0, event: "connect", conn, port: 40200 });

const driver = (text: string) => ({ source: "steps/tamper/submit.log (client-mode driver)", text });
const executor = (text: string) => ({ source: `logs/nm-1/${APP}/container_1795364789888_0007_01_000002/stderr`, text });

describe("classifyTamper", () => {
  it("detected: GCM's tag check fails in the driver and the flipped connection is closed", () => {
    const c = classifyTamper([connect(2), flip(2), close(2, "driver")], [
      driver("26/11/22 19:01:02 WARN TransportChannelHandler: Exception in connection from /198.18.0.9:51234\njavax.crypto.AEADBadTagException: Tag mismatch\n\tat java.base/com.sun.crypto.provider.GaloisCounterMode"),
      executor("java.io.IOException: Connection from shieldlab-abc-mitm/198.18.0.9:40200 closed"),
    ]);
    expect(c.outcome).toBe("detected");
    expect(c.integrityLines[0]).toEqual({ source: "steps/tamper/submit.log (client-mode driver)", line: "javax.crypto.AEADBadTagException: Tag mismatch" });
    expect(c.closedByPeer).toHaveLength(1);
  });
  it("detected: a TLS record MAC failure (either side's view)", () => {
    for (const line of ["javax.net.ssl.SSLException: Tag mismatch", "javax.net.ssl.SSLException: Received fatal alert: bad_record_mac"]) {
      expect(classifyTamper([flip(3), close(3, "executor")], [driver("x"), executor(line)]).outcome).toBe("detected");
    }
  });
  it("undetected: flipped, no integrity error anywhere; the altered endpoint name shows the plaintext got through", () => {
    const c = classifyTamper([connect(2), flip(2), close(2, "executor")], [
      driver("INFO SparkContext: Running Spark version 4.0.5\nERROR YarnClientSchedulerBackend: YARN application has exited unexpectedly with state FAILED!"),
      executor("ERROR CoarseGrainedExecutorBackend: Executor self-exiting\norg.apache.spark.SparkException: Could not find Endpoint-verifier."),
    ]);
    expect(c.outcome).toBe("undetected");
    expect(c.plaintextLines.map((l) => l.line)).toEqual(["org.apache.spark.SparkException: Could not find Endpoint-verifier."]);
    expect(c.why).toContain("altered plaintext reached Spark");
  });
  it("undetected also when accepted silently (no plaintext effect visible)", () => {
    const c = classifyTamper([flip(2), close(2, "proxy-stop")], [driver("Pi is roughly 3.14"), executor("INFO Executor: Finished task 0.0")]);
    expect(c.outcome).toBe("undetected");
    expect(c.why).toContain("accepted silently");
  });
  it("a benign TLS shutdown line is not an integrity error", () => {
    const c = classifyTamper([flip(2), close(2, "executor")], [driver("javax.net.ssl.SSLException: closing inbound before receiving peer's close_notify"), executor("x")]);
    expect(c.outcome).toBe("undetected");
  });
  it("unknown: no flip happened, no logs to read, or an integrity error with no connection closed", () => {
    expect(classifyTamper([connect(1)], [driver("javax.crypto.AEADBadTagException: Tag mismatch"), executor("x")]).outcome).toBe("unknown");
    expect(classifyTamper([flip(2)], [executor("x")]).outcome).toBe("unknown");
    expect(classifyTamper([flip(2)], [driver("x")]).outcome).toBe("unknown");
    expect(classifyTamper([flip(2), close(2, "proxy-stop")], [driver("Tag mismatch"), executor("x")]).outcome).toBe("unknown");
  });
});

describe("proxy log", () => {
  it("parses JSON lines and skips JVM noise and a torn last line", () => {
    const text = 'Picked up JAVA_TOOL_OPTIONS\n{"t":1,"event":"listening"}\n{"t":2,"event":"flip","conn":1}\n{"t":3,"event":"clo';
    expect(parseProxyLog(text).map((e) => e.event)).toEqual(["listening", "flip"]);
  });
  it("aims at the endpoint name of the first encrypted RequestMessage", () => {
    // 8 + 1 + 8 + 4 (frame and RpcRequest headers) + 1 (no sender) + 1 + 2 + host + 4 (receiver) + 2 (name length)
    expect(endpointNameOffset("shieldlab-6915ea-mitm")).toBe(31 + 21);
    // past Spark's 8-byte GCM length and Tink's 24-byte header, so inside the first ciphertext segment
    expect(endpointNameOffset("a")).toBeGreaterThanOrEqual(32);
  });
});

describe("tamperOutcomeChecker", () => {
  let logsDir: string;
  beforeEach(() => {
    logsDir = mkdtempSync(join(tmpdir(), "shieldlab-tamper-"));
  });
  afterEach(() => rmSync(logsDir, { recursive: true, force: true }));

  const step = MitmTamperStepSchema.parse({ kind: "mitm-tamper", id: "tamper", tenant: "alice" });
  const submit = (stderr: string) => ({ appId: APP, exitCode: 1, stdout: "", stderr, command: [], startedAt: 0, endedAt: 1, timedOut: false });
  const ev = (events: MitmEvent[] | undefined, stderr = "") =>
    new ScenarioEvidence(new History(), new Map([["tamper", stepRecord(step, { spark: { tenant: "alice", deployMode: "client", submit: submit(stderr) }, evidence: events && { proxyHost: "p", logPath: "steps/tamper/mitm-proxy.jsonl", events, flipOffset: 52 } })]]), logsDir);

  it("reads container logs where collectLogs puts them, and names files and offsets in its evidence", async () => {
    const dir = join(logsDir, "nm-2", APP, "container_1795364789888_0007_01_000003");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "stderr"), "javax.net.ssl.SSLException: Received fatal alert: bad_record_mac\n");
    const r = await tamperOutcomeChecker.check(tamperOutcome("tamper", "detected"), ev([flip(4), close(4, "driver")], "INFO driver"));
    expect(r.valid).toBe(true);
    expect(r.message).toMatch(/^defended: .*container_1795364789888_0007_01_000003\/stderr: javax\.net\.ssl\.SSLException/);
    expect((r.evidence!.flips as string[])[0]).toBe("conn 4 port 40200 executor->driver spark-frames offset 200 (encrypted +52) 0x65→0x45");
    expect((await tamperOutcomeChecker.check(tamperOutcome("tamper", "undetected"), ev([flip(4), close(4, "driver")], "x"))).valid).toBe(false);
  });
  it("vulnerable when expected undetected under CTR; unknown without a proxy log", async () => {
    const dir = join(logsDir, "nm-1", APP, "container_1795364789888_0007_01_000002");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "stderr"), "org.apache.spark.SparkException: Could not find Endpoint-verifier.\n");
    const r = await tamperOutcomeChecker.check(tamperOutcome("tamper", "undetected"), ev([flip(2), close(2, "executor")], "ERROR YARN application has exited"));
    expect(r.valid).toBe(true);
    expect(r.message).toMatch(/^vulnerable: .*Could not find Endpoint-verifier\./);
    expect((await tamperOutcomeChecker.check(tamperOutcome("tamper", "undetected"), ev(undefined))).valid).toBe("unknown");
  });
  it("is a valid checker spec", () => {
    expect(CheckerSpecSchema.parse(tamperOutcome("tamper", "detected"))).toEqual({ kind: "tamper-outcome", step: "tamper", expect: "detected" });
    expect(() => CheckerSpecSchema.parse({ kind: "tamper-outcome", step: "tamper", expect: "maybe" })).toThrow();
  });
});

describe("mitm-tamper step", () => {
  it("defaults to a short Pi with the AM's connection spared and one bit (0x20) flipped", () => {
    expect(WorkloadStepSchema.parse(mitmTamper({ tenant: "alice" }))).toMatchObject({ kind: "mitm-tamper", id: "tamper", job: "pi", args: ["2", "2000"], bitMask: 32, spareConnections: 1, tlsPayloadOffset: 8 });
    expect(() => WorkloadStepSchema.parse(mitmTamper({ tenant: "alice", bitMask: 3 as never }))).toThrow();
  });
  it("refuses a tenant that is not in the topology", () => {
    const raw = { name: "wire/x", description: "d", topology: { tenants: ["alice"] }, security: "auth-ctr", workload: [mitmTamper({ tenant: "bob" })], checkers: { tamper: tamperOutcome("tamper", "undetected") } };
    expect(() => validateScenario(raw, "x.ts")).toThrow(/workload\.0\.tenant: "bob" is not a tenant/);
  });
});
