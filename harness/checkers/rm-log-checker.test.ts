import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import type { SubmitResult } from "../spark/spark-submit.ts";
import { sparkPi, SubmitStepSchema } from "../steps/spark-submit-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { hadoopLogTime, rmLogChecker, rmLogLine } from "./rm-log-checker.ts";

// real lines of the RM's log in a default-suite run (krb-no-ticket-control, krb-proxy-user)
const AUTH_OK = "2026-12-07 06:45:55,386 INFO ipc.Server: Auth successful for alice@SHIELDLAB.TEST (auth:KERBEROS) from 198.18.5.4:56462";
const PROXY_NO =
  "2026-12-07 06:46:53,772 INFO ipc.Server: Connection from 198.18.5.4:42834 for protocol org.apache.hadoop.yarn.api.ApplicationClientProtocolPB is unauthorized for user john (auth:PROXY) via bob@SHIELDLAB.TEST (auth:KERBEROS)";
const EARLIER = "2026-12-07 06:44:54,317 INFO ipc.Server: Auth successful for alice@SHIELDLAB.TEST (auth:KERBEROS) from 198.18.5.4:59068";
const at = (iso: string): number => Date.parse(iso);

function ev(rmLog: string | undefined, window: [string, string] | null = ["2026-12-07T06:45:50Z", "2026-12-07T06:46:00Z"]): ScenarioEvidence {
  const dir = mkdtempSync(join(tmpdir(), "rm-log-"));
  mkdirSync(join(dir, "logs"));
  if (rmLog !== undefined) writeFileSync(join(dir, "logs", "rm.log"), rmLog);
  const submit = window === null ? undefined : ({ exitCode: 0, stdout: "", stderr: "", command: [], startedAt: at(window[0]), endedAt: at(window[1]), timedOut: false } satisfies SubmitResult);
  const rec = stepRecord(SubmitStepSchema.parse(sparkPi({ id: "s", tenant: "alice" })), { spark: { tenant: "alice", deployMode: "client", submit } });
  return new ScenarioEvidence(new History(), new Map([["s", rec]]), join(dir, "logs"), "", "", dir);
}
const check = (pattern: RegExp, expect: "present" | "absent", e: ScenarioEvidence) => rmLogChecker.check(rmLogLine("s", pattern, expect), e) as { valid: unknown; message: string };
const ALICE_OK = /Auth successful for alice@SHIELDLAB\.TEST \(auth:KERBEROS\)/;

describe("rmLogChecker", () => {
  it("reads the time of a Hadoop log line as UTC", () => {
    expect(hadoopLogTime(AUTH_OK)).toBe(at("2026-12-07T06:45:55.386Z"));
    expect(hadoopLogTime("\tat org.apache.hadoop.ipc.Server")).toBeUndefined();
  });

  it("present: the RM's own line inside the step's window passes, quoting it", () => {
    const r = check(ALICE_OK, "present", ev(`${EARLIER}\n${AUTH_OK}\n`));
    expect(r.valid).toBe(true);
    expect(r.message).toContain("from 198.18.5.4:56462");
    expect(check(/is unauthorized for user john \(auth:PROXY\) via bob@/, "present", ev(`${PROXY_NO}\n`, ["2026-12-07T06:46:49Z", "2026-12-07T06:46:56Z"])).valid).toBe(true);
  });

  it("present: an empty log, a line from another scenario's time, or no log at all is never a pass", () => {
    expect(check(ALICE_OK, "present", ev(""))).toMatchObject({ valid: "unknown" });
    expect(check(ALICE_OK, "present", ev(`${EARLIER}\n`)).valid).toBe("unknown");
    expect(check(ALICE_OK, "present", ev(undefined)).valid).toBe("unknown");
    expect(check(ALICE_OK, "present", ev(`${AUTH_OK}\n`, null)).valid).toBe("unknown");
  });

  it("absent: the RM authenticating the tenant during a refused submit fails; no such line passes; an undated log is unknown", () => {
    expect(check(/Auth successful for alice@/, "absent", ev(`${EARLIER}\n${AUTH_OK}\n`)).valid).toBe(false);
    expect(check(/Auth successful for alice@/, "absent", ev(`${EARLIER}\n`)).valid).toBe(true);
    expect(check(/Auth successful for alice@/, "absent", ev("")).valid).toBe("unknown");
    expect(check(/Auth successful for alice@/, "absent", ev(undefined)).valid).toBe("unknown");
  });
});
