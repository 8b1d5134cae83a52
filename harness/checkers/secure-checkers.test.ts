import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTheftOutput } from "../attacks/keytab-theft.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { KeytabTheftStepSchema, keytabTheftAttack } from "../steps/keytab-theft-step.ts";
import { longPi, sparkPi, SubmitStepSchema } from "../steps/spark-submit-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import type { SubmitResult } from "../spark/spark-submit.ts";
import type { YarnApp } from "../yarn/rm-client.ts";
import { kdcLogChecker, kdcLogLine } from "./kdc-log-checker.ts";
import { keytabTheftChecker, keytabTheftOutcome } from "./keytab-theft-checker.ts";
import { submitOutcome, submitOutcomeChecker } from "./submit-outcome-checker.ts";

type R = { valid: unknown; message: string };
const app = (state: YarnApp["state"], finalStatus: YarnApp["finalStatus"], user = "alice"): YarnApp =>
  ({ id: "application_1_0001", user, name: "pi", queue: user, state, finalStatus, diagnostics: "" }) as YarnApp;
const submit = (exitCode: number, stderr: string, o: Partial<SubmitResult> = {}): SubmitResult => ({ exitCode, stdout: "", stderr, command: [], startedAt: 0, endedAt: 1, timedOut: false, ...o });

function submitEvidence(s: SubmitResult | undefined, a?: YarnApp): ScenarioEvidence {
  const rec = stepRecord(SubmitStepSchema.parse(sparkPi({ id: "s", tenant: "alice" })), { spark: { tenant: "alice", deployMode: "client", submit: s, app: a } });
  return new ScenarioEvidence(new History(), new Map([["s", rec]]), "/nonexistent");
}

describe("submitOutcomeChecker", () => {
  const gss = "org.apache.hadoop.security.AccessControlException: Client cannot authenticate via:[TOKEN, KERBEROS]";
  it("refused: a failed submit with no app, for the named reason; the client's own line is the evidence", () => {
    const r = submitOutcomeChecker.check(submitOutcome("s", "refused", /Client cannot authenticate/), submitEvidence(submit(1, `noise\n${gss}\nmore`))) as R;
    expect(r.valid).toBe(true);
    expect(r.message).toContain(gss);
  });
  it("fails when the submit got in, or failed for another reason; unknown when it hung or never ran", () => {
    expect((submitOutcomeChecker.check(submitOutcome("s", "refused", /Client cannot/), submitEvidence(submit(0, ""), app("FINISHED", "SUCCEEDED"))) as R).valid).toBe(false);
    const other = submitOutcomeChecker.check(submitOutcome("s", "refused", /Client cannot/), submitEvidence(submit(1, "java.io.FileNotFoundException: x"))) as R;
    expect(other.valid).toBe(false);
    expect(other.message).toMatch(/not with .*FileNotFoundException/);
    expect((submitOutcomeChecker.check(submitOutcome("s", "refused", /x/), submitEvidence(submit(137, gss, { timedOut: true }))) as R).valid).toBe("unknown");
    expect((submitOutcomeChecker.check(submitOutcome("s", "refused", /x/), submitEvidence(undefined)) as R).valid).toBe("unknown");
  });
  it("accepted: FINISHED/SUCCEEDED, as the named user when given", () => {
    expect((submitOutcomeChecker.check(submitOutcome("s", "accepted", "john"), submitEvidence(submit(0, ""), app("FINISHED", "SUCCEEDED", "john"))) as R).valid).toBe(true);
    expect((submitOutcomeChecker.check(submitOutcome("s", "accepted", "john"), submitEvidence(submit(0, ""), app("FINISHED", "SUCCEEDED", "bob"))) as R).valid).toBe(false);
    expect((submitOutcomeChecker.check(submitOutcome("s", "accepted"), submitEvidence(submit(1, gss))) as R).valid).toBe(false);
  });
});

describe("kdcLogChecker", () => {
  const dir = mkdtempSync(join(tmpdir(), "kdc-log-"));
  mkdirSync(join(dir, "kdc"));
  writeFileSync(
    join(dir, "kdc", "kdc.log"),
    "Nov 30 13:23:05 kdc krb5kdc[72](info): TGS_REQ (4 etypes {aes256-cts-hmac-sha1-96(18)}) 198.18.6.4: PROCESS_TGS: authtime 0, etypes {rep=UNSUPPORTED:(0)} alice@SHIELDLAB.TEST for krbtgt/SHIELDLAB.TEST@SHIELDLAB.TEST, Ticket expired\n",
  );
  const ev = new ScenarioEvidence(new History(), new Map(), "/nonexistent", "", "", dir);
  it("present: the KDC's own line, without its etype lists; fails when the line is not there", () => {
    const r = kdcLogChecker.check(kdcLogLine(/TGS_REQ.*alice@SHIELDLAB\.TEST.*Ticket expired/), ev) as R;
    expect(r.valid).toBe(true);
    expect(r.message).toBe("the KDC logged: TGS_REQ 198.18.6.4: PROCESS_TGS: authtime 0 alice@SHIELDLAB.TEST for krbtgt/SHIELDLAB.TEST@SHIELDLAB.TEST, Ticket expired");
    expect((kdcLogChecker.check(kdcLogLine(/bob@SHIELDLAB/), ev) as R).valid).toBe(false);
    expect((kdcLogChecker.check(kdcLogLine(/Ticket expired/, "absent"), ev) as R).valid).toBe(false);
  });
  it("unknown without a collected KDC log", () => {
    expect((kdcLogChecker.check(kdcLogLine(/x/), new ScenarioEvidence(new History(), new Map(), "/nonexistent")) as R).valid).toBe("unknown");
  });
});

describe("keytabTheftChecker", () => {
  const out = "container runs as: root (uid 0) on nm-1\nPRINCIPAL-IN-KEYTAB nm/h.d@SHIELDLAB.TEST\nKINIT-OK nm/h.d@SHIELDLAB.TEST\nKILL-HTTP 202\n";
  function ev(stdout: string, victim: YarnApp["state"]): ScenarioEvidence {
    const v = stepRecord(SubmitStepSchema.parse(longPi({ id: "john-pi", tenant: "john" })), { spark: { tenant: "john", deployMode: "client", app: app(victim, victim === "KILLED" ? "KILLED" : "SUCCEEDED", "john") } });
    const a = stepRecord(KeytabTheftStepSchema.parse(keytabTheftAttack({ attacker: "tim", target: "john-pi" })), {
      target: { step: "john-pi", running: true, appId: "application_1_0001", owner: "john" },
      evidence: { attacker: "tim", attackerApp: "application_1_0002", victimApp: "application_1_0001", node: "nm-1", stdout, ...parseTheftOutput(stdout) },
    });
    return new ScenarioEvidence(new History(), new Map([["john-pi", v], ["keytab-theft", a]]), "/nonexistent");
  }
  it("parses the attack script's markers", () => {
    expect(parseTheftOutput(out)).toEqual({ principal: "nm/h.d@SHIELDLAB.TEST", loggedIn: true, killStatus: 202 });
    expect(parseTheftOutput("PRINCIPAL-IN-KEYTAB none\nKINIT-FAILED\nKILL-HTTP 401\n")).toEqual({ principal: undefined, loggedIn: false, killStatus: 401 });
  });
  it("stolen: keytab read, login, 2xx, victim KILLED; the same expectation fails when the keytab was out of reach", () => {
    expect((keytabTheftChecker.check(keytabTheftOutcome("keytab-theft", "stolen"), ev(out, "KILLED")) as R).valid).toBe(true);
    const refused = "PRINCIPAL-IN-KEYTAB none\nKINIT-FAILED\nKILL-HTTP 401\n";
    const r = keytabTheftChecker.check(keytabTheftOutcome("keytab-theft", "stolen"), ev(refused, "FINISHED")) as R;
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/^defended: /);
    expect((keytabTheftChecker.check(keytabTheftOutcome("keytab-theft", "refused"), ev(refused, "FINISHED")) as R).valid).toBe(true);
    // a login that worked but a victim that lived on is neither
    expect((keytabTheftChecker.check(keytabTheftOutcome("keytab-theft", "stolen"), ev(out, "FINISHED")) as R).valid).toBe("unknown");
    expect((keytabTheftChecker.check(keytabTheftOutcome("keytab-theft", "stolen"), ev("", "KILLED")) as R).valid).toBe("unknown");
  });
});
