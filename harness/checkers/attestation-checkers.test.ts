import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence, type StepEvidence } from "../scenario/scenario-evidence.ts";
import { SubmitStepSchema, sparkPi } from "../scenario/workloads.ts";
import type { AppraisalRecord } from "../attest/verifier/verifier-service.ts";
import { appraisals, appraisalsChecker, executorFailures, executorFailuresChecker, executorLog, executorLogChecker, executorsWithTasks, tasksAttested, tasksAttestedChecker } from "./attestation-checkers.ts";

const APP = "application_1795364789888_0003";
const TS = "1795364789888_0003";
let root: string;
let logsDir: string;
let attestDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "shieldlab-att-"));
  logsDir = join(root, "logs");
  attestDir = join(root, "attestation");
  mkdirSync(logsDir);
  mkdirSync(attestDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function evidence(): ScenarioEvidence {
  const step = SubmitStepSchema.parse(sparkPi({ tenant: "alice", id: "pi" }));
  const ev: StepEvidence = { step, appId: APP, submit: { appId: APP, exitCode: 0, stdout: "", stderr: "", command: [], startedAt: 0, endedAt: 1, timedOut: false } };
  return new ScenarioEvidence(new History(), new Map([["pi", ev]]), logsDir, "", attestDir);
}

function nmLog(node: string, containers: [number, "EXITED_WITH_FAILURE" | "EXITED_WITH_SUCCESS" | "KILLING"][]): void {
  const lines = containers.flatMap(([n, end]) => {
    const id = `container_${TS}_01_${String(n).padStart(6, "0")}`;
    return [`INFO container.ContainerImpl: Container ${id} transitioned from NEW to LOCALIZING`, `INFO container.ContainerImpl: Container ${id} transitioned from RUNNING to ${end}`];
  });
  writeFileSync(join(logsDir, `${node}.log`), lines.join("\n"));
}

/** Audit lines in the verifier's shape (harness/attest/verifier/verifier-service.ts AppraisalRecord), given fields over defaults. */
function audit(records: Partial<AppraisalRecord>[]): void {
  const full = (r: Partial<AppraisalRecord>, i: number): AppraisalRecord => ({
    time: "2026-11-22T00:00:00.000Z", appraisalId: `apr-${i}`, appId: APP, executorId: "1", host: "shieldlab-abc-nm-1", peer: "198.18.0.9",
    status: "affirming", reasons: [], skipped: [], policyId: "shieldlab/cca-realm-ima", evidence: {}, ...r,
  });
  writeFileSync(join(attestDir, "audit.jsonl"), records.map((r, i) => JSON.stringify(full(r, i))).join("\n") + "\n");
}

describe("attestation-appraisals", () => {
  it("all-affirming needs one affirming appraisal per executor container YARN started", async () => {
    nmLog("nm-1", [[1, "EXITED_WITH_SUCCESS"], [2, "KILLING"]]);
    nmLog("nm-2", [[3, "KILLING"]]);
    audit([{ appId: APP, executorId: "1", status: "affirming" }, { appId: APP, executorId: "2", status: "affirming" }, { appId: "application_1_0001", executorId: "1", status: "contraindicated" }]);
    expect((await appraisalsChecker.check(appraisals("pi", "all-affirming"), evidence())).valid).toBe(true);
    audit([{ appId: APP, executorId: "1", status: "affirming" }]);
    const r = await appraisalsChecker.check(appraisals("pi", "all-affirming"), evidence());
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/2 executor container\(s\) but 1 appraisal/);
  });

  it("refused matches the reason and fails when everything was affirmed (the attack went through)", async () => {
    nmLog("nm-1", [[1, "EXITED_WITH_SUCCESS"], [2, "EXITED_WITH_FAILURE"]]);
    audit([{ appId: APP, executorId: "1", host: "shieldlab-abc-nm-1", status: "contraindicated", reasons: ["IMA: /opt/spark/jars/spark-core_2.13-4.0.5.jar digest not in the runtime policy"] }]);
    expect((await appraisalsChecker.check(appraisals("pi", "refused", { reason: "spark-core", node: "nm-1" }), evidence())).valid).toBe(true);
    expect((await appraisalsChecker.check(appraisals("pi", "refused", { reason: "nonce" }), evidence())).valid).toBe(false);
    audit([{ appId: APP, executorId: "1", status: "affirming" }]);
    const r = await appraisalsChecker.check(appraisals("pi", "refused"), evidence());
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/attack went through/);
  });

  it("none: fails when the app was appraised; unknown without an audit log", async () => {
    audit([{ appId: APP, executorId: "1", status: "affirming" }]);
    expect((await appraisalsChecker.check(appraisals("pi", "none"), evidence())).valid).toBe(false);
    rmSync(join(attestDir, "audit.jsonl"));
    expect((await appraisalsChecker.check(appraisals("pi", "none"), evidence())).valid).toBe("unknown");
  });
});

describe("executor-failures", () => {
  it("counts EXITED_WITH_FAILURE executor containers from the NodeManager logs, never the AM", async () => {
    nmLog("nm-1", [[1, "EXITED_WITH_FAILURE"], [2, "EXITED_WITH_FAILURE"], [3, "EXITED_WITH_FAILURE"], [4, "KILLING"]]);
    nmLog("nm-2", [[5, "EXITED_WITH_FAILURE"]]);
    expect((await executorFailuresChecker.check(executorFailures("pi", { exactly: 3 }), evidence())).valid).toBe(true);
    expect((await executorFailuresChecker.check(executorFailures("pi", { exactly: 2 }), evidence())).valid).toBe(false);
    expect((await executorFailuresChecker.check(executorFailures("pi", { exactly: 1, node: "nm-2" }), evidence())).valid).toBe(true);
    expect((await executorFailuresChecker.check(executorFailures("pi", { atMost: 2 }), evidence())).valid).toBe(false);
  });

  it("is unknown when YARN's logs never mention the app", async () => {
    nmLog("nm-1", []);
    expect((await executorFailuresChecker.check(executorFailures("pi", { exactly: 0 }), evidence())).valid).toBe("unknown");
  });
});

describe("executor-log", () => {
  it("finds a line in the executors' stderr and ignores the AM's", async () => {
    const dir = (n: number): string => join(logsDir, "nm-1", APP, `container_${TS}_01_${String(n).padStart(6, "0")}`);
    mkdirSync(dir(1), { recursive: true });
    mkdirSync(dir(2), { recursive: true });
    writeFileSync(join(dir(1), "stderr"), "verifier unreachable (fail closed)\n");
    writeFileSync(join(dir(2), "stderr"), "INFO starting\n");
    expect((await executorLogChecker.check(executorLog("pi", "fail closed", "present"), evidence())).valid).toBe(false);
    writeFileSync(join(dir(2), "stderr"), "attestation failed: verifier unreachable: connect ECONNREFUSED (fail closed)\n");
    expect((await executorLogChecker.check(executorLog("pi", "unreachable.*fail closed", "present"), evidence())).valid).toBe(true);
    expect((await executorLogChecker.check(executorLog("pi", "fail closed", "absent"), evidence())).valid).toBe(false);
  });
});

describe("tasks-attested", () => {
  const taskEnd = (exec: string): string => JSON.stringify({ Event: "SparkListenerTaskEnd", "Task Info": { "Executor ID": exec } });

  it("reads the executors that ran tasks from the event log", () => {
    expect(executorsWithTasks([taskEnd("1"), taskEnd("2"), taskEnd("1"), JSON.stringify({ Event: "SparkListenerJobEnd" })].join("\n"))).toEqual(new Map([["1", 2], ["2", 1]]));
  });

  it("every executor that ran a task must be affirmed; the control expects a gap", async () => {
    mkdirSync(join(attestDir, "eventlog"));
    writeFileSync(join(attestDir, "eventlog", APP), [taskEnd("1"), taskEnd("2")].join("\n"));
    audit([{ appId: APP, executorId: "1", status: "affirming" }, { appId: APP, executorId: "2", status: "affirming" }]);
    expect((await tasksAttestedChecker.check(tasksAttested("pi", 2), evidence())).valid).toBe(true);
    expect((await tasksAttestedChecker.check(tasksAttested("pi", 3), evidence())).valid).toBe("unknown");
    audit([{ appId: APP, executorId: "1", status: "affirming" }]);
    const r = await tasksAttestedChecker.check(tasksAttested("pi", 2), evidence());
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/executor\(s\) 2 of 2 ran tasks without/);
    expect((await tasksAttestedChecker.check(tasksAttested("pi", 2, "unattested-ran"), evidence())).valid).toBe(true);
  });
});
