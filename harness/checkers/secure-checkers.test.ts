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
import { kdcLogChecker, kdcLogLine, kdcRequests } from "./kdc-log-checker.ts";
import { keytabTheftChecker, keytabTheftOutcome, stolenLoginLine } from "./keytab-theft-checker.ts";
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
    // a failure without the defending component's line is no refusal: unknown, with what it said instead
    const other = submitOutcomeChecker.check(submitOutcome("s", "refused", /Client cannot/), submitEvidence(submit(1, "java.io.FileNotFoundException: x"))) as R;
    expect(other.valid).toBe("unknown");
    expect(other.message).toMatch(/no line shows the refusal .*FileNotFoundException/);
    // a client-only Kerberos error, raised before the RM said anything, is not the RM's negotiation
    const clientOnly = "org.ietf.jgss.GSSException: No valid credentials provided (Mechanism level: Failed to find any Kerberos tgt)";
    expect((submitOutcomeChecker.check(submitOutcome("s", "refused", /Client cannot authenticate via:\[(TOKEN, )?KERBEROS\]/), submitEvidence(submit(1, clientOnly))) as R).valid).toBe("unknown");
    expect((submitOutcomeChecker.check(submitOutcome("s", "refused", /Client cannot/), submitEvidence(submit(1, ""))) as R).valid).toBe("unknown");
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
    // a line that is not there is missing evidence, never a pass (and not a finding either)
    expect((kdcLogChecker.check(kdcLogLine(/bob@SHIELDLAB/), ev) as R).valid).toBe("unknown");
    expect((kdcLogChecker.check(kdcLogLine(/Ticket expired/, "absent"), ev) as R).valid).toBe(false);
  });
  it("unknown without a collected KDC log", () => {
    expect((kdcLogChecker.check(kdcLogLine(/x/), new ScenarioEvidence(new History(), new Map(), "/nonexistent")) as R).valid).toBe("unknown");
  });
});

// real lines of a default-suite run (krb-keytab-theft): the KDC's AS_REQ for the stolen principal from nm-1's address,
// and the RM's audit line for the kill it accepted
const NM1 = "nm/shieldlab-3567bc-nm-1.shieldlab-20261207-064246-3567bc@SHIELDLAB.TEST";
const AS_REQ_NM1 = `Dec 07 06:43:57 shieldlab-3567bc-kdc.shieldlab-20261207-064246-3567bc krb5kdc[9](info): AS_REQ (8 etypes {aes256-cts-hmac-sha1-96(18), aes128-cts-hmac-sha1-96(17), aes256-cts-hmac-sha384-192(20), aes128-cts-hmac-sha256-128(19), DEPRECATED:des3-cbc-sha1(16), DEPRECATED:arcfour-hmac(23), camellia128-cts-cmac(25), camellia256-cts-cmac(26)}) 198.18.4.6: ISSUE: authtime 1796625837, etypes {rep=aes256-cts-hmac-sha1-96(18), tkt=aes256-cts-hmac-sha1-96(18), ses=aes256-cts-hmac-sha1-96(18)}, ${NM1} for krbtgt/SHIELDLAB.TEST@SHIELDLAB.TEST`;
const KILL_AUDIT = "2026-12-07 06:43:58,051 INFO resourcemanager.RMAuditLogger: USER=yarn\tOPERATION=Kill Application Request\tTARGET=RMAppImpl\tRESULT=SUCCESS\tAPPID=application_1_0001";
const EXPIRED = "Dec 07 06:45:25 shieldlab-53e8ce-kdc.shieldlab-20261207-064424-53e8ce krb5kdc[9](info): TGS_REQ (4 etypes {aes256-cts-hmac-sha1-96(18), aes128-cts-hmac-sha1-96(17), aes256-cts-hmac-sha384-192(20), aes128-cts-hmac-sha256-128(19)}) 198.18.5.4: PROCESS_TGS: authtime 0, etypes {rep=UNSUPPORTED:(0)} alice@SHIELDLAB.TEST for krbtgt/SHIELDLAB.TEST@SHIELDLAB.TEST, Ticket expired";

describe("kdcRequests", () => {
  it("reads the client's address, outcome, authtime and principals of krb5kdc's request lines", () => {
    expect(kdcRequests(`${AS_REQ_NM1}\nDec 07 06:45:40 kdc krb5kdc[9](info): shutting down\n${EXPIRED}\n`).map(({ line: _, ...r }) => r)).toEqual([
      { kind: "AS_REQ", from: "198.18.4.6", outcome: "ISSUE", authtime: 1796625837, client: NM1, server: "krbtgt/SHIELDLAB.TEST@SHIELDLAB.TEST", error: "" },
      { kind: "TGS_REQ", from: "198.18.5.4", outcome: "PROCESS_TGS", authtime: 0, client: "alice@SHIELDLAB.TEST", server: "krbtgt/SHIELDLAB.TEST@SHIELDLAB.TEST", error: "Ticket expired" },
    ]);
  });
  it("ties the stolen login to the container's address and the attack's window", () => {
    const during = [1796625830_000, 1796625840_000] as const;
    expect(stolenLoginLine(AS_REQ_NM1, NM1, "198.18.4.6", ...during)).toBe(AS_REQ_NM1);
    expect(stolenLoginLine(AS_REQ_NM1, NM1, "198.18.4.4", ...during)).toBeUndefined();
    expect(stolenLoginLine(AS_REQ_NM1, NM1, "198.18.4.6", 1796625900_000, 1796625910_000)).toBeUndefined();
    expect(stolenLoginLine(AS_REQ_NM1, "nm/other@SHIELDLAB.TEST", "198.18.4.6", ...during)).toBeUndefined();
  });
});

describe("keytabTheftChecker", () => {
  const out = `container runs as: root (uid 0) on nm-1\nPRINCIPAL-IN-KEYTAB ${NM1}\nKINIT-OK ${NM1}\nKILL-HTTP 202\n`;
  const window = { nodeIp: "198.18.4.6", startedAt: 1796625830_000, endedAt: 1796625840_000 };
  function ev(stdout: string, victim: YarnApp["state"], logs: { kdc?: string; rm?: string } = { kdc: AS_REQ_NM1, rm: KILL_AUDIT }, extra: object = window): ScenarioEvidence {
    const dir = mkdtempSync(join(tmpdir(), "theft-"));
    mkdirSync(join(dir, "kdc"));
    mkdirSync(join(dir, "logs"));
    if (logs.kdc !== undefined) writeFileSync(join(dir, "kdc", "kdc.log"), `${logs.kdc}\n`);
    if (logs.rm !== undefined) writeFileSync(join(dir, "logs", "rm.log"), `${logs.rm}\n`);
    const v = stepRecord(SubmitStepSchema.parse(longPi({ id: "john-pi", tenant: "john" })), { spark: { tenant: "john", deployMode: "client", app: app(victim, victim === "KILLED" ? "KILLED" : "SUCCEEDED", "john") } });
    const a = stepRecord(KeytabTheftStepSchema.parse(keytabTheftAttack({ attacker: "tim", target: "john-pi" })), {
      target: { step: "john-pi", running: true, appId: "application_1_0001", owner: "john" },
      evidence: { attacker: "tim", attackerApp: "application_1_0002", victimApp: "application_1_0001", node: "nm-1", stdout, ...extra, ...parseTheftOutput(stdout) },
    });
    return new ScenarioEvidence(new History(), new Map([["john-pi", v], ["keytab-theft", a]]), join(dir, "logs"), "", "", dir);
  }
  const check = (expect: "stolen" | "refused", e: ScenarioEvidence) => keytabTheftChecker.check(keytabTheftOutcome("keytab-theft", expect), e) as R;
  it("parses the attack script's markers", () => {
    expect(parseTheftOutput(`PRINCIPAL-IN-KEYTAB ${NM1}\nKINIT-OK ${NM1}\nKILL-HTTP 202\n`)).toEqual({ principal: NM1, loggedIn: true, killStatus: 202 });
    expect(parseTheftOutput("PRINCIPAL-IN-KEYTAB none\nKINIT-FAILED\nKILL-HTTP 401\n")).toEqual({ principal: undefined, loggedIn: false, killStatus: 401 });
  });
  it("stolen: the KDC issued the TGT to the container's address during the attack, the RM's audit shows the kill, the victim KILLED", () => {
    const r = check("stolen", ev(out, "KILLED"));
    expect(r.valid).toBe(true);
    expect(r.message).toContain("the KDC issued the TGT to 198.18.4.6; the RM's audit: yarn killed application_1_0001");
    // the attack succeeding fails the defended expectation
    expect(check("refused", ev(out, "KILLED")).valid).toBe(false);
  });
  it("without the KDC's line from the container's address, or the RM's audit line, a theft is unknown", () => {
    expect(check("stolen", ev(out, "KILLED", { rm: KILL_AUDIT })).valid).toBe("unknown");
    expect(check("stolen", ev(out, "KILLED", { kdc: AS_REQ_NM1.replace("198.18.4.6", "198.18.4.4"), rm: KILL_AUDIT })).valid).toBe("unknown");
    expect(check("stolen", ev(out, "KILLED", { kdc: AS_REQ_NM1 })).message).toContain("Kill Application Request");
    expect(check("stolen", ev(out, "KILLED", { kdc: AS_REQ_NM1, rm: KILL_AUDIT }, {})).valid).toBe("unknown");
  });
  it("refused needs the RM's 401/403 to the kill; the container's own failure alone is unknown", () => {
    const refused = "PRINCIPAL-IN-KEYTAB none\nKINIT-FAILED\nKILL-HTTP 401\n";
    const r = check("stolen", ev(refused, "FINISHED"));
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/^defended: /);
    expect(check("refused", ev(refused, "FINISHED")).valid).toBe(true);
    expect(check("refused", ev("PRINCIPAL-IN-KEYTAB none\nKINIT-FAILED\nKILL-HTTP 000\n", "FINISHED")).valid).toBe("unknown");
    // a login that worked but a victim that lived on is neither; no output at all proves nothing
    expect(check("stolen", ev(out, "FINISHED")).valid).toBe("unknown");
    expect(check("stolen", ev("", "KILLED")).valid).toBe("unknown");
  });
});
