import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { SubmitStepSchema, sparkPi } from "../steps/spark-submit-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { CheckerSpecSchema } from "./checker-registry.ts";
import { driverOutputChecker, driverOutputLacks } from "./driver-output-checker.ts";
import { parseRpLines, relyingParty, relyingPartyChecker, successfulTasks } from "./relying-party-checker.ts";

const APP = "application_1795364789888_0007";
let root: string;
let attestDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "shieldlab-rp-"));
  attestDir = join(root, "attestation");
  mkdirSync(join(attestDir, "eventlog"), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function evidence(stdout: string | undefined, id = "sealed"): ScenarioEvidence {
  const step = SubmitStepSchema.parse(sparkPi({ tenant: "alice", id }));
  const submit = stdout === undefined ? undefined : { appId: APP, exitCode: 0, stdout, stderr: "", command: [], startedAt: 0, endedAt: 1, timedOut: false };
  const ev = stepRecord(step, { spark: { tenant: "alice", deployMode: "client", appId: APP, ...(submit ? { submit } : {}) } });
  return new ScenarioEvidence(new History(), new Map([[id, ev]]), join(root, "logs"), "", attestDir);
}

/** An event log with one TaskEnd per [executor, reason]. */
function eventLog(tasks: [string, "Success" | "ExceptionFailure"][]): void {
  const lines = tasks.map(([id, reason], i) => JSON.stringify({ Event: "SparkListenerTaskEnd", "Task End Reason": { Reason: reason }, "Task Info": { "Task ID": i, "Executor ID": id, Failed: reason !== "Success" } }));
  writeFileSync(join(attestDir, "eventlog", `${APP}`), `${lines.join("\n")}\n`);
}

const ON = "shieldlab-rp driver enforcement=on verifySignature=true killUnattested=false";
const OFF = "shieldlab-rp driver enforcement=off (spark.remote.attestation.driver.enforce=false: executors are not checked, the data key is not brokered)";
const REFUSED_1 = "shieldlab-rp REFUSED executor=1 host=nm-1 reason=no-ear: it started task 0 without presenting a verified EAR; the data key is withheld from it";
const VERIFIED_2 = "shieldlab-rp VERIFIED executor=2 host=nm-2: affirming; signed by abc, issued 1 s ago";

describe("relying-party checker", () => {
  it("parses the plugin's lines", () => {
    const rp = parseRpLines([ON, REFUSED_1, VERIFIED_2, "noise"].join("\n"));
    expect(rp.enforcement).toBe("on");
    expect([...rp.refused.keys()]).toEqual(["1"]);
    expect(rp.refused.get("1")).toMatch(/^host=nm-1 reason=no-ear/);
    expect([...rp.verified.keys()]).toEqual(["2"]);
    expect(successfulTasks(JSON.stringify({ Event: "SparkListenerTaskEnd", "Task End Reason": { Reason: "Success" }, "Task Info": { "Executor ID": "3" } }))).toEqual(new Map([["3", 1]]));
  });

  it("refused: passes when the refused executor finished no task, fails when it did or when nothing was refused", () => {
    eventLog([["1", "ExceptionFailure"], ["1", "ExceptionFailure"], ["2", "Success"]]);
    expect(relyingPartyChecker.check(relyingParty("sealed", "refused", "no-ear"), evidence([ON, REFUSED_1, VERIFIED_2].join("\n")))).toMatchObject({ valid: true });
    eventLog([["1", "Success"]]);
    expect(relyingPartyChecker.check(relyingParty("sealed", "refused", "no-ear"), evidence([ON, REFUSED_1].join("\n")))).toMatchObject({ valid: false, message: expect.stringMatching(/still finished/) });
    expect(relyingPartyChecker.check(relyingParty("sealed", "refused"), evidence([ON, VERIFIED_2].join("\n")))).toMatchObject({ valid: false, message: expect.stringMatching(/went through/) });
    expect(relyingPartyChecker.check(relyingParty("sealed", "refused", "signature"), evidence([ON, REFUSED_1].join("\n")))).toMatchObject({ valid: false });
    expect(relyingPartyChecker.check(relyingParty("sealed", "refused"), evidence([OFF].join("\n")))).toMatchObject({ valid: false });
  });

  it("verified: needs a matching VERIFIED line and no REFUSED one", () => {
    expect(relyingPartyChecker.check(relyingParty("sealed", "verified", "signed by"), evidence([ON, VERIFIED_2].join("\n")))).toMatchObject({ valid: true });
    expect(relyingPartyChecker.check(relyingParty("sealed", "verified", "NOT checked"), evidence([ON, VERIFIED_2].join("\n")))).toMatchObject({ valid: false });
    expect(relyingPartyChecker.check(relyingParty("sealed", "verified"), evidence([ON, VERIFIED_2, REFUSED_1].join("\n")))).toMatchObject({ valid: false });
  });

  it("unenforced (control): an unverified executor finished tasks with enforcement off; fails with it on or with no such task", () => {
    eventLog([["1", "Success"]]);
    expect(relyingPartyChecker.check(relyingParty("sealed", "unenforced"), evidence(OFF))).toMatchObject({ valid: true });
    expect(relyingPartyChecker.check(relyingParty("sealed", "unenforced"), evidence(ON))).toMatchObject({ valid: false });
    eventLog([["1", "ExceptionFailure"]]);
    expect(relyingPartyChecker.check(relyingParty("sealed", "unenforced"), evidence(OFF))).toMatchObject({ valid: false });
  });

  it("is unknown without the driver's output or its enforcement line", () => {
    expect(relyingPartyChecker.check(relyingParty("sealed", "refused"), evidence(undefined))).toMatchObject({ valid: "unknown" });
    expect(relyingPartyChecker.check(relyingParty("sealed", "refused"), evidence("no plugin here"))).toMatchObject({ valid: "unknown" });
    expect(CheckerSpecSchema.parse(relyingParty("sealed", "refused", "no-ear"))).toEqual({ kind: "relying-party", step: "sealed", expect: "refused", reason: "no-ear" });
  });
});

describe("driver-output absent", () => {
  it("passes when no line matches, fails when one does", () => {
    const spec = driverOutputLacks("sealed-input: decrypted", ["sealed"]);
    expect(driverOutputChecker.check(spec, evidence("sealed-input: 10 records sealed"))).toMatchObject({ valid: true });
    expect(driverOutputChecker.check(spec, evidence("sealed-input: decrypted 10 of 10 records"))).toMatchObject({ valid: false });
    expect(CheckerSpecSchema.parse(spec)).toMatchObject({ expect: "absent" });
  });
});
