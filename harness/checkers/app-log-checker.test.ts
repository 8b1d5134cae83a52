import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { SubmitStepSchema, sparkPi } from "../steps/spark-submit-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { appLog, appLogChecker } from "./app-log-checker.ts";

const APP = "application_1764500000000_0001";
function evidenceWith(amStderr: string | undefined): ScenarioEvidence {
  const dir = mkdtempSync(join(tmpdir(), "app-log-"));
  if (amStderr !== undefined) {
    const c = join(dir, "nm-1", APP, "container_1764500000000_0001_01_000001");
    mkdirSync(c, { recursive: true });
    writeFileSync(join(c, "stderr"), amStderr);
  }
  const rec = stepRecord(SubmitStepSchema.parse(sparkPi({ tenant: "alice" })), {});
  rec.spark = { tenant: "alice", deployMode: "client", appId: APP };
  return new ScenarioEvidence(new History(), new Map([["pi-client", rec]]), dir);
}
const spec = appLog("pi-client", /InvalidAlgorithmParameterException.*GCMParameterSpec/);

describe("appLogChecker", () => {
  it("finds the line in the ApplicationMaster's stderr (container 01)", () => {
    const r = appLogChecker.check(spec, evidenceWith("INFO x\njava.security.InvalidAlgorithmParameterException: AlgorithmParameterSpec not of GCMParameterSpec\n")) as { valid: unknown; message: string };
    expect(r.valid).toBe(true);
    expect(r.message).toContain("container_1764500000000_0001_01_000001");
  });
  it("is unknown for a step without an application id", () => {
    const ev = new ScenarioEvidence(new History(), new Map([["pi-client", stepRecord(SubmitStepSchema.parse(sparkPi({ tenant: "alice" })), {})]]), "/nonexistent");
    expect((appLogChecker.check(spec, ev) as { valid: unknown }).valid).toBe("unknown");
  });

  it("fails when no container said it, unknown when no log was collected", () => {
    expect((appLogChecker.check(spec, evidenceWith("INFO all good\n")) as { valid: unknown }).valid).toBe(false);
    expect((appLogChecker.check(spec, evidenceWith(undefined)) as { valid: unknown }).valid).toBe("unknown");
  });
});
