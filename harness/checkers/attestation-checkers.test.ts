import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { SubmitStepSchema, sparkPi } from "../steps/spark-submit-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { generateKeyPairSync } from "node:crypto";
import type { AppraisalRecord } from "../attest/verifier/verifier-service.ts";
import { affirmingPolicy, MeasuredRealm } from "../attest/testing/attest-test-support.ts";
import { appraise, type AppraisalOutcome } from "../attest/verifier/appraisal.ts";
import { NonceStore } from "../attest/verifier/nonce-store.ts";
import { encodeClaimsBuffer, teeChallenge } from "../attest/ratls/ratls-claims.ts";
import { createRatlsCertificate, generateRatlsKeyPair } from "../attest/ratls/ratls-certificate.ts";
import type { VerifierCheck } from "../attest/host/attestation-options.ts";
import type { ReferenceValues } from "../attest/verifier/reference-values.ts";
import type { ScenarioInput } from "../scenario/scenario-schema.ts";
import { CheckerSpecSchema } from "./checker-registry.ts";
import foreignPlatformControl from "../../scenarios/attestation/att-foreign-platform-control.ts";
import imaLogTamperControl from "../../scenarios/attestation/att-ima-log-tamper-control.ts";
import rimMismatchControl from "../../scenarios/attestation/att-rim-mismatch-control.ts";
import staleNonceControl from "../../scenarios/attestation/att-stale-nonce-control.ts";
import type { CheckResult } from "./checker.ts";
import { appraisals, appraisalsChecker, type AppraisalsSpec, executorFailures, executorFailuresChecker, executorLog, executorLogChecker, executorsWithTasks, tasksAttested, tasksAttestedChecker } from "./attestation-checkers.ts";

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

function evidence(id = "pi"): ScenarioEvidence {
  const step = SubmitStepSchema.parse(sparkPi({ tenant: "alice", id }));
  const ev = stepRecord(step, { spark: { tenant: "alice", deployMode: "client", appId: APP, submit: { appId: APP, exitCode: 0, stdout: "", stderr: "", command: [], startedAt: 0, endedAt: 1, timedOut: false } } });
  return new ScenarioEvidence(new History(), new Map([[id, ev]]), logsDir, "", attestDir);
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

  it("refused on a node: the appraisal's host is the node's FQDN (<prefix>-nm-1.<domain>); only its first label names the node", async () => {
    nmLog("nm-1", [[1, "EXITED_WITH_SUCCESS"], [2, "EXITED_WITH_FAILURE"]]);
    const refusedOn = (host: string): void =>
      audit([{ appId: APP, executorId: "1", host, status: "contraindicated", reasons: ["IMA: /opt/spark/jars/spark-core_2.13-4.0.5.jar digest not in the runtime policy"] }]);
    const onNode = async (node: string): Promise<unknown> => (await appraisalsChecker.check(appraisals("pi", "refused", { reason: "spark-core", node }), evidence())).valid;
    refusedOn("shieldlab-abcdef-nm-1.shieldlab-20261122-000000-abcdef");
    expect(await onNode("nm-1")).toBe(true);
    expect(await onNode("nm-2")).toBe(false);
    // nm-1 is no suffix of nm-11, and the domain (which ends in the session's hex) never takes part
    refusedOn("shieldlab-abcdef-nm-11.shieldlab-20261122-000000-abcdef");
    expect(await onNode("nm-1")).toBe(false);
    expect(await onNode("nm-11")).toBe(true);
    refusedOn("shieldlab-abcdef-nm-2.shieldlab-20261122-000000-nm-1");
    expect(await onNode("nm-1")).toBe(false);
    // the short container name still matches, and an appraisal without a host matches no node
    refusedOn("shieldlab-abcdef-nm-1");
    expect(await onNode("nm-1")).toBe(true);
    audit([{ appId: APP, executorId: "1", host: undefined, status: "contraindicated", reasons: ["spark-core"] }]);
    expect(await onNode("nm-1")).toBe(false);
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

describe("attestation-appraisals affirming-despite-fault: each control proves its fault was there", () => {
  const genuine = new MeasuredRealm().readAllowedFiles();
  const hexOf = (b: Uint8Array): string => Buffer.from(b).toString("hex");
  const checksOff = (check: VerifierCheck): ReferenceValues["checks"] =>
    ({ endorsement: true, freshness: true, rim: true, platform: true, imaReplay: true, imaPolicy: true, [check]: false });

  async function certFor(realm: MeasuredRealm, nonces: NonceStore): Promise<Uint8Array> {
    const keyPair = await generateRatlsKeyPair();
    const claimsBuffer = encodeClaimsBuffer(keyPair.spki, nonces.issue().nonce);
    return (await createRatlsCertificate({ keyPair, evidence: realm.realm.attest(teeChallenge(claimsBuffer)), claimsBuffer })).der;
  }

  /** The verifier's real appraisal of the control's evidence with its check off: `faulty` injects the scenario's fault. */
  type Case = { scenario: ScenarioInput; check: VerifierCheck; appraise: (faulty: boolean) => Promise<AppraisalOutcome> };
  const cases: Case[] = [
    {
      scenario: foreignPlatformControl,
      check: "endorsement",
      appraise: async (faulty) => {
        const realm = faulty ? new MeasuredRealm({ cpakPrivateKey: generateKeyPairSync("ec", { namedCurve: "secp384r1" }).privateKey }).readAllowedFiles() : genuine;
        const nonces = new NonceStore();
        return appraise({ certDer: await certFor(realm, nonces), imaLog: realm.binaryLog(), nonces, policy: affirmingPolicy(genuine, { checks: checksOff("endorsement") }) });
      },
    },
    {
      scenario: rimMismatchControl,
      check: "rim",
      appraise: async (faulty) => {
        // the device reports another RIM; IMA's boot aggregate and everything else stay the image's
        const realm = faulty ? new MeasuredRealm({ rim: new Uint8Array(32).fill(0x5a) }).readAllowedFiles() : genuine;
        const nonces = new NonceStore();
        const policy = affirmingPolicy(realm, { rims: [hexOf(genuine.realm.rim)], checks: checksOff("rim") });
        return appraise({ certDer: await certFor(realm, nonces), imaLog: realm.binaryLog(), nonces, policy });
      },
    },
    {
      scenario: imaLogTamperControl,
      check: "imaReplay",
      appraise: async (faulty) => {
        const nonces = new NonceStore();
        // truncated: only the boot aggregate, which no longer replays to the REM[0] that covers every read
        const log = faulty ? new MeasuredRealm().binaryLog() : genuine.binaryLog();
        return appraise({ certDer: await certFor(genuine, nonces), imaLog: log, nonces, policy: affirmingPolicy(genuine, { checks: checksOff("imaReplay") }) });
      },
    },
    {
      scenario: staleNonceControl,
      check: "freshness",
      appraise: async (faulty) => {
        const nonces = new NonceStore();
        const policy = affirmingPolicy(genuine, { checks: checksOff("freshness") });
        const cert = await certFor(genuine, nonces);
        if (faulty) await appraise({ certDer: cert, imaLog: genuine.binaryLog(), nonces, policy }); // the first job used it
        return appraise({ certDer: cert, imaLog: genuine.binaryLog(), nonces, policy });
      },
    },
  ];

  const recordOf = (o: AppraisalOutcome, executorId: string): Partial<AppraisalRecord> =>
    ({ executorId, status: o.status, reasons: o.ear.reasons, skipped: o.ear.skipped, evidence: o.evidence });

  for (const c of cases) {
    it(`${c.scenario.name}: true with the fault in every record, false without it`, async () => {
      const spec = Object.values(c.scenario.checkers).find((k) => k.kind === "attestation-appraisals" && k.expect === "affirming-despite-fault") as AppraisalsSpec | undefined;
      expect(spec, "the control uses affirming-despite-fault").toBeDefined();
      expect(spec!.skipped).toBe(c.check);
      expect(CheckerSpecSchema.safeParse(spec).success).toBe(true);
      const ev = (): ScenarioEvidence => evidence(spec!.step);
      const check = async (): Promise<CheckResult> => appraisalsChecker.check(spec!, ev());
      nmLog("nm-1", [[1, "EXITED_WITH_SUCCESS"], [2, "KILLING"], [3, "KILLING"]]);
      const faulty = await c.appraise(true);
      expect(faulty.status).toBe("affirming");

      audit([recordOf(faulty, "1"), recordOf(faulty, "2")]);
      const ok = await check();
      expect(ok.valid, ok.message).toBe(true);
      expect(ok.message).toContain(`with ${c.check} off`);

      // the verifier did not record what the skipped check would have said (an older audit log)
      audit([recordOf(faulty, "1"), { ...recordOf(faulty, "2"), evidence: { ...faulty.evidence, skippedChecks: undefined } }]);
      const unrecorded = await check();
      expect(unrecorded.valid).toBe(false);
      expect(unrecorded.message).toMatch(/executor 2\): .* has no recorded outcome: the fault is not in the evidence/);

      // the check was on (nothing skipped): the control proves nothing about it
      audit([{ ...recordOf(faulty, "1"), skipped: [] }, recordOf(faulty, "2")]);
      expect((await check()).valid).toBe(false);

      // the fault was never injected: the skipped check would have passed
      const clean = await c.appraise(false);
      expect(clean.evidence.skippedChecks?.[c.check]).toBe("would pass");
      audit([recordOf(clean, "1"), recordOf(clean, "2")]);
      const missing = await check();
      expect(missing.valid).toBe(false);
      expect(missing.message).toMatch(/would pass: the fault is not in the evidence/);

      // one refused appraisal is no control
      audit([recordOf(faulty, "1"), { ...recordOf(faulty, "2"), status: "contraindicated", reasons: ["x: y"] }]);
      expect((await check()).valid).toBe(false);
    });
  }

  it("a would-be failure for another reason does not count", async () => {
    nmLog("nm-1", [[1, "EXITED_WITH_SUCCESS"], [2, "KILLING"]]);
    audit([{ executorId: "1", skipped: ["rim"], evidence: { skippedChecks: { rim: "would fail: could not be evaluated: boom" } } }]);
    const r = await appraisalsChecker.check(appraisals("pi", "affirming-despite-fault", { skipped: "rim", fault: "RIM (5a){32}" }), evidence());
    expect(r.valid).toBe(false);
    expect(r.message).toMatch(/would fail, but not with/);
  });

  it("the scenario schema refuses affirming-despite-fault without skipped and fault", () => {
    expect(CheckerSpecSchema.safeParse(appraisals("pi", "affirming-despite-fault")).success).toBe(false);
    expect(CheckerSpecSchema.safeParse(appraisals("pi", "affirming-despite-fault", { skipped: "rim" })).success).toBe(false);
    expect(CheckerSpecSchema.safeParse({ ...appraisals("pi", "affirming-despite-fault", { fault: "x" }), skipped: "nope" }).success).toBe(false);
  });
});
