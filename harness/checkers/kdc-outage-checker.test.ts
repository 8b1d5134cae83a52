import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { KdcOutageStepSchema, kdcOutage, type KdcOutageEvidence } from "../steps/kdc-outage-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { kdcOutageChecker, kdcOutageHeld } from "./kdc-outage-checker.ts";

// real lines of a default-suite run (krb-kdc-down): the KDC's log and the outage step's probe
const SHUTDOWN = "Dec 07 06:45:40 shieldlab-53e8ce-kdc.shieldlab-20261207-064424-53e8ce krb5kdc[9](info): shutting down";
const DOWN = "krb5kdc processes: 0\nport 88: refused";

function ev(probe: string | undefined, kdcLog: string | undefined): ScenarioEvidence {
  const dir = mkdtempSync(join(tmpdir(), "kdc-outage-"));
  mkdirSync(join(dir, "kdc"));
  if (kdcLog !== undefined) writeFileSync(join(dir, "kdc", "kdc.log"), kdcLog);
  const evidence: KdcOutageEvidence | undefined = probe === undefined ? undefined : { kdcHost: "kdc", afterHalt: probe };
  return new ScenarioEvidence(new History(), new Map([["kdc-outage", stepRecord(KdcOutageStepSchema.parse(kdcOutage()), { evidence })]]), "/nonexistent", "", "", dir);
}
const check = (e: ScenarioEvidence) => kdcOutageChecker.check(kdcOutageHeld(), e) as { valid: unknown; message: string };

describe("kdcOutageChecker", () => {
  it("passes on the KDC's own 'shutting down' and a probe that saw no krb5kdc and port 88 refusing", () => {
    const r = check(ev(DOWN, `${SHUTDOWN}\n`));
    expect(r.valid).toBe(true);
    expect(r.message).toContain("krb5kdc[9](info): shutting down");
  });
  it("is unknown, never a pass, when any of them is missing", () => {
    expect(check(ev(DOWN, "")).valid).toBe("unknown");
    expect(check(ev(DOWN, undefined)).valid).toBe("unknown");
    expect(check(ev("krb5kdc processes: 1\nport 88: accepts", `${SHUTDOWN}\n`)).valid).toBe("unknown");
    expect(check(ev("krb5kdc processes: 0\nport 88: accepts", `${SHUTDOWN}\n`)).message).toContain("port 88");
    expect(check(ev(undefined, `${SHUTDOWN}\n`)).valid).toBe("unknown");
  });
});
