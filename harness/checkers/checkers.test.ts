import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { SubmitStepSchema, shuffleJob, sparkPi, type SubmitStep } from "../steps/spark-submit-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import type { SubmitResult } from "../spark/spark-submit.ts";
import type { YarnApp } from "../yarn/rm-client.ts";
import { appState, appStateChecker } from "./app-state-checker.ts";
import { combine, safeCheck, type Checker } from "./checker.ts";
import { CheckerSpecSchema, checkerFor } from "./checker-registry.ts";
import { driverOutputChecker, driverOutputMatches } from "./driver-output-checker.ts";
import { parsePiEstimate, piEstimateChecker, piWithin } from "./pi-estimate-checker.ts";

const APP_CLIENT = "application_1795364789888_0001";
const APP_CLUSTER = "application_1795364789888_0002";

let logsDir: string;
beforeEach(() => {
  logsDir = mkdtempSync(join(tmpdir(), "shieldlab-logs-"));
});
afterEach(() => {
  rmSync(logsDir, { recursive: true, force: true });
});

function submit(appId: string | undefined, stdout = ""): SubmitResult {
  return { appId, exitCode: 0, stdout, stderr: "", command: ["spark-submit"], startedAt: 0, endedAt: 1, timedOut: false };
}

function app(id: string, over: Partial<YarnApp> = {}): YarnApp {
  return {
    id,
    user: "alice",
    name: "Pi",
    queue: "alice",
    state: "FINISHED",
    finalStatus: "SUCCEEDED",
    diagnostics: "",
    applicationType: "SPARK",
    startedTime: 0,
    finishedTime: 1,
    elapsedTime: 1,
    ...over,
  };
}

const clientStep = SubmitStepSchema.parse(sparkPi({ tenant: "alice" }));
const clusterStep = SubmitStepSchema.parse(sparkPi({ tenant: "alice", deployMode: "cluster" }));
const shuffleStep = SubmitStepSchema.parse(shuffleJob({ tenant: "alice", megabytes: 8, canary: "CANARY" }));

/** A submit step's evidence as the spark-submit step records it: the submit result, the RM's report, a problem. */
interface SubmitCase {
  step: SubmitStep;
  submit?: SubmitResult;
  app?: YarnApp;
  problem?: string;
}

function evidence(steps: SubmitCase[]): ScenarioEvidence {
  const records = steps.map(({ step, submit, app, problem }) => stepRecord(step, { spark: { tenant: step.tenant, deployMode: step.deployMode, appId: submit?.appId, submit, app }, problem }));
  return new ScenarioEvidence(new History(), new Map(records.map((r) => [r.step.id, r])), logsDir);
}

/** Writes an AM container's stdout where collectLogs puts it: <logs>/<node>/<app>/<container>/stdout. */
function writeContainerStdout(appId: string, container: string, text: string, node = "nm-1"): string {
  const dir = join(logsDir, node, appId, container);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "stdout"), text);
  return join(dir, "stdout");
}
const amContainer = (appId: string): string => `container_${appId.slice("application_".length)}_01_000001`;

describe("parsePiEstimate", () => {
  it("finds the estimate among other lines", () => {
    const out = ["Starting job", "25/11/22 12:00:00 INFO SparkContext: Running Spark version 4.0.5", "Pi is roughly 3.14159", "bye"].join("\n");
    expect(parsePiEstimate(out)).toBe(3.14159);
  });

  it("reads exponents and a trailing carriage return", () => {
    expect(parsePiEstimate("Pi is roughly 3.1e0\r\n")).toBe(3.1);
  });

  it("is undefined when the line is absent or only part of another line", () => {
    expect(parsePiEstimate("")).toBeUndefined();
    expect(parsePiEstimate("Pi is roughly\nnothing")).toBeUndefined();
    expect(parsePiEstimate("INFO Pi is roughly 3.14")).toBeUndefined();
    expect(parsePiEstimate("Pi is roughly 3.14 (approx)")).toBeUndefined();
  });
});

describe("piEstimateChecker", () => {
  it("is true when a client-mode estimate is within the tolerance", async () => {
    const ev = evidence([{ step: clientStep, submit: submit(APP_CLIENT, "Pi is roughly 3.1418\n") }]);
    const r = await piEstimateChecker.check(piWithin(0.01), ev);
    expect(r.valid).toBe(true);
    expect(r.message).toBe("1 estimate(s) within 0.01 of π");
    expect(r.evidence?.estimates).toEqual([expect.objectContaining({ step: "pi-client", estimate: 3.1418 })]);
  });

  it("is false when the estimate is 0.05 off", async () => {
    const ev = evidence([{ step: clientStep, submit: submit(APP_CLIENT, `Pi is roughly ${Math.PI + 0.05}\n`) }]);
    const r = await piEstimateChecker.check(piWithin(0.01), ev);
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/^pi-client: estimate .* is 0\.05000 from π \(> 0\.01\)$/);
  });

  it("is false when the driver printed no estimate", async () => {
    const ev = evidence([{ step: clientStep, submit: submit(APP_CLIENT, "Exception in thread main\n") }]);
    const r = await piEstimateChecker.check(piWithin(0.01), ev);
    expect(r.valid).toBe(false);
    expect(r.message).toContain('no "Pi is roughly" line');
  });

  it("reads a cluster-mode estimate from the AM container's stdout", async () => {
    const path = writeContainerStdout(APP_CLUSTER, amContainer(APP_CLUSTER), "Pi is roughly 3.14\n");
    // an executor's stdout on another node must not be taken for the driver's
    writeContainerStdout(APP_CLUSTER, `container_1795364789888_0002_01_000002`, "Pi is roughly 9.99\n", "nm-2");
    const ev = evidence([{ step: clusterStep, submit: submit(APP_CLUSTER, "") }]);
    const r = await piEstimateChecker.check(piWithin(0.01), ev);
    expect(r.valid).toBe(true);
    expect(r.evidence?.estimates).toEqual([expect.objectContaining({ step: "pi-cluster", estimate: 3.14, source: path })]);
  });

  it("is unknown when the cluster-mode AM stdout is missing", async () => {
    writeContainerStdout(APP_CLUSTER, `container_1795364789888_0002_01_000002`, "executor output\n");
    const ev = evidence([{ step: clusterStep, submit: submit(APP_CLUSTER, "Pi is roughly 3.14159\n") }]);
    const r = await piEstimateChecker.check(piWithin(0.01), ev);
    expect(r.valid).toBe("unknown");
    expect(r.message).toBe("pi-cluster: the driver's stdout was not found");
  });

  it("is unknown when the step never submitted", async () => {
    const r = await piEstimateChecker.check(piWithin(0.01), evidence([{ step: clientStep, problem: "spark-submit could not run" }]));
    expect(r.valid).toBe("unknown");
  });

  it("checks only pi steps by default, and is unknown without any", async () => {
    const ev = evidence([{ step: shuffleStep, submit: submit(APP_CLIENT, "shuffled") }]);
    const r = await piEstimateChecker.check(piWithin(0.01), ev);
    expect(r.valid).toBe("unknown");
    expect(r.message).toBe("no pi step to check");
  });

  it("fails when any one of several steps is off", async () => {
    writeContainerStdout(APP_CLUSTER, amContainer(APP_CLUSTER), "Pi is roughly 3.5\n");
    const ev = evidence([
      { step: clientStep, submit: submit(APP_CLIENT, "Pi is roughly 3.1416\n") },
      { step: clusterStep, submit: submit(APP_CLUSTER) },
    ]);
    const r = await piEstimateChecker.check(piWithin(0.01), ev);
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/^pi-cluster:/);
  });
});

describe("appStateChecker", () => {
  it("is true when every app ended in the expected state", async () => {
    const ev = evidence([
      { step: clientStep, submit: submit(APP_CLIENT), app: app(APP_CLIENT) },
      { step: clusterStep, submit: submit(APP_CLUSTER), app: app(APP_CLUSTER) },
    ]);
    const r = await appStateChecker.check(appState("FINISHED", "SUCCEEDED"), ev);
    expect(r.valid).toBe(true);
    expect(r.message).toBe("2 app(s) FINISHED/SUCCEEDED in the RM");
  });

  it("is false on a wrong final status, naming the app and both states", async () => {
    const ev = evidence([{ step: clientStep, submit: submit(APP_CLIENT), app: app(APP_CLIENT, { finalStatus: "FAILED" }) }]);
    const r = await appStateChecker.check(appState("FINISHED", "SUCCEEDED"), ev);
    expect(r.valid).toBe(false);
    expect(r.message).toBe(`pi-client: ${APP_CLIENT} is FINISHED/FAILED, expected FINISHED/SUCCEEDED`);
  });

  it("is false on a wrong state", async () => {
    const ev = evidence([{ step: clientStep, submit: submit(APP_CLIENT), app: app(APP_CLIENT, { state: "KILLED", finalStatus: "KILLED" }) }]);
    expect((await appStateChecker.check(appState("FINISHED"), ev)).valid).toBe(false);
  });

  it("ignores the final status when the spec gives none", async () => {
    const ev = evidence([{ step: clientStep, submit: submit(APP_CLIENT), app: app(APP_CLIENT, { state: "FAILED", finalStatus: "FAILED" }) }]);
    expect((await appStateChecker.check(appState("FAILED"), ev)).valid).toBe(true);
  });

  it("checks the diagnostics", async () => {
    const ev = evidence([
      { step: clientStep, submit: submit(APP_CLIENT), app: app(APP_CLIENT, { state: "FAILED", finalStatus: "FAILED", diagnostics: "User alice cannot submit applications to queue root.bob" }) },
    ]);
    expect((await appStateChecker.check(appState("FAILED", "FAILED", { diagnosticsContains: "cannot submit" }), ev)).valid).toBe(true);
    const r = await appStateChecker.check(appState("FAILED", "FAILED", { diagnosticsContains: "out of memory" }), ev);
    expect(r.valid).toBe(false);
    expect(r.message).toContain('diagnostics lack "out of memory"');
  });

  it("is unknown when a step has no app report, giving the step's problem", async () => {
    const ev = evidence([
      { step: clientStep, submit: submit(APP_CLIENT), app: app(APP_CLIENT) },
      { step: clusterStep, submit: submit(undefined), problem: "spark-submit exited 1 without an application id" },
    ]);
    const r = await appStateChecker.check(appState("FINISHED", "SUCCEEDED"), ev);
    expect(r.valid).toBe("unknown");
    expect(r.message).toBe("step pi-cluster: no application report from the RM (spark-submit exited 1 without an application id)");
  });

  it("is false rather than unknown when another app is in a wrong state", async () => {
    const ev = evidence([
      { step: clientStep, submit: submit(undefined) },
      { step: clusterStep, submit: submit(APP_CLUSTER), app: app(APP_CLUSTER, { state: "KILLED", finalStatus: "KILLED" }) },
    ]);
    expect((await appStateChecker.check(appState("FINISHED", "SUCCEEDED"), ev)).valid).toBe(false);
  });

  it("is unknown for a named step that does not exist in the evidence", async () => {
    const ev = evidence([{ step: clientStep, submit: submit(APP_CLIENT), app: app(APP_CLIENT) }]);
    const r = await appStateChecker.check(appState("FINISHED", "SUCCEEDED", { steps: ["pi-cluster"] }), ev);
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("no app id");
  });
});

describe("driverOutputChecker", () => {
  const spec = driverOutputMatches(/^shuffled \d+ records, \d+ bytes, canary CANARY$/);

  it("is true when a line of the driver's stdout matches", async () => {
    const ev = evidence([{ step: shuffleStep, submit: submit(APP_CLIENT, "starting\nshuffled 8192 records, 8388608 bytes, canary CANARY\ndone\n") }]);
    const r = await driverOutputChecker.check(spec, ev);
    expect(r.valid).toBe(true);
    expect(r.evidence?.matched).toEqual([{ step: shuffleStep.id, line: "shuffled 8192 records, 8388608 bytes, canary CANARY", source: "spark-submit stdout (client-mode driver)" }]);
  });

  it("is false when no line matches", async () => {
    const ev = evidence([{ step: shuffleStep, submit: submit(APP_CLIENT, "shuffled 8192 records, 8388608 bytes, canary OTHER\n") }]);
    const r = await driverOutputChecker.check(spec, ev);
    expect(r.valid).toBe(false);
    expect(r.message).toContain(`${shuffleStep.id}: no line matches`);
  });

  it("is unknown when the driver's stdout is missing (cluster mode, no logs)", async () => {
    const ev = evidence([{ step: clusterStep, submit: submit(APP_CLUSTER, "shuffled 1 records") }]);
    const r = await driverOutputChecker.check(driverOutputMatches("shuffled"), ev);
    expect(r.valid).toBe("unknown");
    expect(r.message).toBe("pi-cluster: the driver's stdout was not found");
  });

  it("is unknown when the cluster-mode step has no app id", async () => {
    writeContainerStdout(APP_CLUSTER, amContainer(APP_CLUSTER), "shuffled\n");
    const ev = evidence([{ step: clusterStep, submit: submit(undefined) }]);
    expect((await driverOutputChecker.check(driverOutputMatches("shuffled"), ev)).valid).toBe("unknown");
  });

  it("reads cluster-mode output from the AM container", async () => {
    writeContainerStdout(APP_CLUSTER, amContainer(APP_CLUSTER), "shuffled 1 records, 1 bytes, canary CANARY\n", "nm-2");
    const ev = evidence([{ step: clusterStep, submit: submit(APP_CLUSTER) }]);
    expect((await driverOutputChecker.check(spec, ev)).valid).toBe(true);
  });
});

describe("safeCheck", () => {
  const ev = (): ScenarioEvidence => evidence([]);

  it("turns a throwing checker into unknown, naming the checker and the error", async () => {
    const boom: Checker<{ kind: "boom" }> = {
      kind: "boom",
      check() {
        throw new Error("disk on fire");
      },
    };
    expect(await safeCheck(boom, { kind: "boom" }, ev())).toEqual({ valid: "unknown", message: "checker boom crashed: disk on fire" });
  });

  it("turns a rejecting async checker into unknown", async () => {
    const boom: Checker<null> = { kind: "async-boom", check: async () => Promise.reject(new Error("late")) };
    const r = await safeCheck(boom, null, ev());
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("late");
  });

  it("passes a checker's own verdict through", async () => {
    const no: Checker<null> = { kind: "no", check: () => ({ valid: false, message: "nope" }) };
    expect(await safeCheck(no, null, ev())).toEqual({ valid: false, message: "nope" });
  });

  it("makes a bad regular expression unknown instead of crashing", async () => {
    const e = evidence([{ step: shuffleStep, submit: submit(APP_CLIENT, "x") }]);
    const r = await safeCheck(driverOutputChecker, driverOutputMatches("(unclosed"), e);
    expect(r.valid).toBe("unknown");
    expect(r.message).toMatch(/^checker driver-output crashed:/);
  });
});

describe("combine", () => {
  it("is false when any result is false, even next to unknown", () => {
    expect(combine([true, false, "unknown"])).toBe(false);
    expect(combine(["unknown", false])).toBe(false);
  });

  it("is unknown when none is false but one is unknown", () => {
    expect(combine([true, "unknown", true])).toBe("unknown");
  });

  it("is true only when all are true", () => {
    expect(combine([true])).toBe(true);
    expect(combine([true, true, true])).toBe(true);
  });

  it("is unknown for no results at all", () => {
    expect(combine([])).toBe("unknown");
  });
});

describe("checker registry", () => {
  it("maps every kind to its checker", () => {
    expect(checkerFor(CheckerSpecSchema.parse(appState("FINISHED")))).toBe(appStateChecker);
    expect(checkerFor(CheckerSpecSchema.parse(piWithin(0.1)))).toBe(piEstimateChecker);
    expect(checkerFor(CheckerSpecSchema.parse(driverOutputMatches("x")))).toBe(driverOutputChecker);
  });

  it("rejects an invalid pattern and a non-positive tolerance", () => {
    expect(CheckerSpecSchema.safeParse(driverOutputMatches("(unclosed")).success).toBe(false);
    expect(CheckerSpecSchema.safeParse(piWithin(0)).success).toBe(false);
  });
});

describe("checkers with no step to check", () => {
  it("say unknown rather than pass", async () => {
    const { ScenarioEvidence: Ev } = await import("../scenario/scenario-evidence.ts");
    const { History: H } = await import("../scenario/history.ts");
    const { appStateChecker: a } = await import("./app-state-checker.ts");
    const { driverOutputChecker: d } = await import("./driver-output-checker.ts");
    const ev = new Ev(new H(), new Map(), "/nonexistent");
    expect((await a.check({ kind: "app-state", state: "FINISHED" }, ev)).valid).toBe("unknown");
    expect((await d.check({ kind: "driver-output", pattern: "x" }, ev)).valid).toBe("unknown");
  });
});
