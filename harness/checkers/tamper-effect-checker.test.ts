import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { SubmitStepSchema, sparkPi } from "../steps/spark-submit-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { tamperEffectChecker, tamperTookEffect } from "./tamper-effect-checker.ts";

const APP = "application_1796625271552_0010";
const JAR = "/opt/spark/jars/spark-core_2.13-4.0.5.jar";
const BEFORE = "799c90ced4e15541d3ccad1c74ddfcd1b8540e25a1b451542b87ef1b2a27def5";
const AFTER = "5ec4cbd2208b37619d5ed2537e25c41a5c1ba587a9cde5d8a9ce503dbc9a1cc2";

const measured = (sha256: string, role: string | null, container: string | null): string =>
  JSON.stringify({ level: 30, component: "cca-device", path: JAR, sha256, pid: 3081, role, container, uid: 0, func: "FILE_CHECK", entries: 3, msg: "measured" });

function check(o: { after?: string; deviceLog?: string[]; appId?: string | null; tamperOk?: boolean; executors?: string[] }) {
  const history = new History();
  history.add({ type: "invoke", f: "tamper-file", step: "tamper-nm-1" });
  if (o.tamperOk === false) history.add({ type: "info", f: "tamper-file", step: "tamper-nm-1", error: "exec failed" });
  else history.add({ type: "ok", f: "tamper-file", step: "tamper-nm-1", value: { node: "nm-1", path: JAR, before: BEFORE, after: o.after ?? AFTER } });
  const attest = mkdtempSync(join(tmpdir(), "tamper-effect-"));
  const logs = mkdtempSync(join(tmpdir(), "tamper-effect-logs-"));
  for (const c of o.executors ?? ["container_1796625271552_0010_01_000002"]) {
    mkdirSync(join(logs, "nm-1", APP, c), { recursive: true });
    writeFileSync(join(logs, "nm-1", APP, c, "stderr"), "executor log\n");
  }
  mkdirSync(attest, { recursive: true });
  if (o.deviceLog) writeFileSync(join(attest, "nm-1-cca-device.log"), `${o.deviceLog.join("\n")}\n`);
  const rec = stepRecord(SubmitStepSchema.parse(sparkPi({ tenant: "alice" })), {});
  if (o.appId !== null) rec.spark = { tenant: "alice", deployMode: "client", appId: o.appId ?? APP };
  const ev = new ScenarioEvidence(history, new Map([["pi", rec]]), logs, "", attest);
  return tamperEffectChecker.check(tamperTookEffect("tamper-nm-1", "pi"), ev) as { valid: unknown; message: string };
}

describe("tamperEffectChecker", () => {
  it("passes when the hash changed, a Spark JVM of the app opened the changed file (IMA measured the new digest) and an executor ran there", () => {
    const r = check({ deviceLog: [measured(BEFORE, "spark-executor", "container_1796625271552_0009_01_000002"), measured(AFTER, "spark-executor", "container_1796625271552_0010_01_000002")] });
    expect(r.valid).toBe(true);
    expect(r.message).toBe(
      `${JAR} on nm-1 changed (sha256 799c90ced4e1… → 5ec4cbd2208b…) and the app's Spark JVMs on nm-1 loaded it: IMA measured the new digest when spark-executor container_1796625271552_0010_01_000002 (pid 3081) read it; executor(s) container_1796625271552_0010_01_000002 ran there`,
    );
    // the AM of the app reading it first (one node: the same class path as its executor) shows it too
    expect(check({ deviceLog: [measured(AFTER, "spark-am", "container_1796625271552_0010_01_000001")] }).valid).toBe(true);
  });

  it("fails when the tamper did not change the file", () => {
    expect(check({ after: BEFORE, deviceLog: [measured(BEFORE, "spark-executor", "container_1796625271552_0010_01_000002")] }).valid).toBe(false);
  });

  it("is unknown without proof of an executor's open: no measurement, another opener, another app, no device log, no tamper record", () => {
    expect(check({ deviceLog: [] }).valid).toBe("unknown");
    const other = check({ deviceLog: [measured(AFTER, "sha256sum", null)] });
    expect(other.valid).toBe("unknown");
    expect(other.message).toContain("first measured when sha256sum (pid 3081) opened it, not a Spark JVM");
    expect(check({ executors: [], deviceLog: [measured(AFTER, "spark-am", "container_1796625271552_0010_01_000001")] }).valid).toBe("unknown");
    expect(check({ deviceLog: [measured(AFTER, "spark-executor", "container_1796625271552_0011_01_000002")] }).valid).toBe("unknown");
    expect(check({}).valid).toBe("unknown");
    expect(check({ tamperOk: false, deviceLog: [measured(AFTER, "spark-executor", "container_1796625271552_0010_01_000002")] }).valid).toBe("unknown");
    expect(check({ appId: null, deviceLog: [measured(AFTER, "spark-executor", "container_1796625271552_0010_01_000002")] }).valid).toBe("unknown");
  });
});
