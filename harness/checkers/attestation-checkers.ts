// Verdicts of the attestation scenarios, from the verifier's audit log, YARN's NodeManager logs, the executors'
// own stderr and the driver's event log.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { appContainers } from "../yarn/nm-container-log.ts";
import type { Checker, CheckResult } from "./checker.ts";
import { containerStderrHits } from "./app-log-checker.ts";
import type { AppraisalRecord, VerifierCheck } from "../steps/attestation-evidence.ts";

/** One appraisal from the verifier's audit log, with its line number there. */
export type Appraisal = Pick<AppraisalRecord, "appId" | "executorId" | "host" | "status" | "reasons" | "skipped"> & {
  line: number;
  /** What each switched-off check would have said: "would fail: …" or "would pass" (absent in older logs). */
  skippedChecks: Partial<Record<string, string>>;
};

/** The verifier's audit log (attestation/audit.jsonl, written by harness/attest/verifier-service.ts) → appraisals. */
export function readAppraisals(attestDir: string): Appraisal[] | undefined {
  const f = join(attestDir, "audit.jsonl");
  if (!attestDir || !existsSync(f)) return undefined;
  const out: Appraisal[] = [];
  for (const [i, line] of readFileSync(f, "utf8").split("\n").entries()) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as AppraisalRecord;
    out.push({ appId: r.appId, executorId: r.executorId, host: r.host, status: r.status, reasons: r.reasons, skipped: r.skipped ?? [], skippedChecks: r.evidence?.skippedChecks ?? {}, line: i + 1 });
  }
  return out;
}

function appOf(ev: ScenarioEvidence, step: string): string | undefined {
  return ev.step(step)?.appId;
}

const short = (a: Appraisal): Record<string, unknown> => ({
  line: a.line,
  executor: a.executorId,
  host: a.host,
  status: a.status,
  reasons: a.reasons.slice(0, 4),
  ...(a.skipped.length > 0 ? { skipped: a.skipped, skippedChecks: a.skippedChecks } : {}),
});

export interface AppraisalsSpec {
  kind: "attestation-appraisals";
  step: string;
  /**
   * "all-affirming": every executor container YARN started has exactly one affirming appraisal and none was refused.
   * "refused": at least one appraisal of the app was refused (optionally with a reason matching `reason`, and
   * only for executors on `node`). "none": the app got no appraisal at all (attestation off).
   * "affirming-despite-fault" (a control): "all-affirming", and every appraisal lists the `skipped` check as
   * switched off and records that it would have failed with a message matching `fault` — the attack was there.
   */
  expect: "all-affirming" | "refused" | "none" | "affirming-despite-fault";
  reason?: string;
  node?: string;
  /** The verifier check the control switched off ("affirming-despite-fault"). */
  skipped?: VerifierCheck;
  /** A regular expression over that check's would-be failure ("affirming-despite-fault"). */
  fault?: string;
}

export const appraisalsChecker: Checker<AppraisalsSpec> = {
  kind: "attestation-appraisals",
  check(spec, ev): CheckResult {
    const appId = appOf(ev, spec.step);
    if (!appId) return { valid: "unknown", message: `${spec.step}: no application id` };
    const all = readAppraisals(ev.attestDir);
    if (!all) return { valid: "unknown", message: "no verifier audit log was collected" };
    const mine = all.filter((a) => a.appId === appId);
    const executors = appContainers(ev.logsDir, appId).filter((c) => !c.isAm);
    const evidence = { appId, appraisals: mine.map(short), executorContainers: executors.map((c) => ({ container: c.container, node: c.node, failed: c.failed })), auditLog: join(ev.attestDir, "audit.jsonl") };
    const refused = mine.filter((a) => a.status !== "affirming");
    if (spec.expect === "none") {
      return mine.length === 0
        ? { valid: true, message: `no appraisal for ${appId} (${executors.length} executor container(s), ${executors.filter((c) => c.failed).length} failed)`, evidence }
        : { valid: false, message: `${mine.length} appraisal(s) for ${appId}, expected none`, evidence };
    }
    if (spec.expect === "all-affirming" || spec.expect === "affirming-despite-fault") {
      if (executors.length === 0) return { valid: "unknown", message: `YARN's logs show no executor container of ${appId}`, evidence };
      if (refused.length > 0) return { valid: false, message: `${refused.length} appraisal(s) not affirming: ${refused[0]!.status} (${refused[0]!.reasons[0] ?? "no reason"})`, evidence };
      const affirmed = new Set(mine.map((a) => a.executorId));
      if (mine.length !== executors.length || affirmed.size !== mine.length)
        return { valid: false, message: `${executors.length} executor container(s) but ${mine.length} appraisal(s) for ${affirmed.size} executor id(s)`, evidence };
      if (spec.expect === "all-affirming") return { valid: true, message: `${mine.length} executor(s), ${mine.length} affirming appraisal(s), none refused`, evidence };
      return faultPresent(spec, mine, evidence);
    }
    const re = spec.reason ? new RegExp(spec.reason, "i") : undefined;
    const hits = refused.filter((a) => (!re || a.reasons.some((r) => re.test(r))) && (!spec.node || (a.host ?? "").split(".")[0]!.endsWith(`-${spec.node}`)));
    if (hits.length > 0) return { valid: true, message: `refused: ${hits.length} appraisal(s) ${hits[0]!.status}: ${hits[0]!.reasons.find((r) => !re || re.test(r)) ?? ""}`.slice(0, 220), evidence };
    if (refused.length > 0) return { valid: false, message: `refused, but not for ${spec.reason ?? "the expected reason"}${spec.node ? ` on ${spec.node}` : ""}: ${refused[0]!.reasons.join("; ").slice(0, 160)}`, evidence };
    return { valid: false, message: mine.length > 0 ? `every one of ${mine.length} appraisal(s) was affirming: the attack went through` : `no appraisal of ${appId} was refused (none recorded)`, evidence };
  },
};

/** A control's appraisals: each one skipped `spec.skipped`, which would have failed for the injected fault. */
function faultPresent(spec: AppraisalsSpec, mine: Appraisal[], evidence: Record<string, unknown>): CheckResult {
  const check = spec.skipped;
  if (!check || !spec.fault) return { valid: "unknown", message: "affirming-despite-fault needs `skipped` (a verifier check) and `fault` (a pattern)", evidence };
  const re = new RegExp(spec.fault);
  const prefix = "would fail: ";
  for (const a of mine) {
    const where = `appraisal line ${a.line} (executor ${a.executorId})`;
    if (!a.skipped.includes(check)) return { valid: false, message: `${where} did not skip ${check}: the control ran with the check on`, evidence };
    const said = a.skippedChecks[check];
    if (!said?.startsWith(prefix)) return { valid: false, message: `${where}: ${check} ${said ?? "has no recorded outcome"}: the fault is not in the evidence`, evidence };
    if (!re.test(said.slice(prefix.length))) return { valid: false, message: `${where}: ${check} would fail, but not with /${spec.fault}/: ${said.slice(0, 140)}`, evidence };
  }
  const first = mine[0]!.skippedChecks[check]!.slice(prefix.length);
  return { valid: true, message: `${mine.length} affirming appraisal(s) with ${check} off, each with the fault: ${first}`.slice(0, 220), evidence };
}

export interface ExecutorFailuresSpec {
  kind: "executor-failures";
  step: string;
  /** Failed executor containers (EXITED_WITH_FAILURE in the NodeManager logs) must be exactly / at least / at most. */
  exactly?: number;
  atLeast?: number;
  atMost?: number;
  /** Only containers on this node count. */
  node?: string;
}

export const executorFailuresChecker: Checker<ExecutorFailuresSpec> = {
  kind: "executor-failures",
  check(spec, ev): CheckResult {
    const appId = appOf(ev, spec.step);
    if (!appId) return { valid: "unknown", message: `${spec.step}: no application id` };
    const cs = appContainers(ev.logsDir, appId).filter((c) => !c.isAm && (!spec.node || c.node === spec.node));
    if (appContainers(ev.logsDir, appId).length === 0) return { valid: "unknown", message: `the NodeManager logs show no container of ${appId}` };
    const failed = cs.filter((c) => c.failed);
    const evidence = { appId, failed: failed.map((c) => ({ container: c.container, node: c.node, line: c.endLine })), executorContainers: cs.length };
    const want = [spec.exactly !== undefined ? `exactly ${spec.exactly}` : "", spec.atLeast !== undefined ? `at least ${spec.atLeast}` : "", spec.atMost !== undefined ? `at most ${spec.atMost}` : ""].filter(Boolean).join(", ");
    const ok = (spec.exactly === undefined || failed.length === spec.exactly) && (spec.atLeast === undefined || failed.length >= spec.atLeast) && (spec.atMost === undefined || failed.length <= spec.atMost);
    return { valid: ok, message: `${failed.length} of ${cs.length} executor container(s) EXITED_WITH_FAILURE per YARN${spec.node ? ` on ${spec.node}` : ""}; expected ${want}`, evidence };
  },
};

export interface ExecutorLogSpec {
  kind: "executor-log";
  step: string;
  /** A regular expression over the executors' stderr (YARN container logs, AM excluded). */
  pattern: string;
  expect: "present" | "absent";
}

export const executorLogChecker: Checker<ExecutorLogSpec> = {
  kind: "executor-log",
  check(spec, ev): CheckResult {
    const appId = appOf(ev, spec.step);
    if (!appId) return { valid: "unknown", message: `${spec.step}: no application id` };
    // executors only: the first container is the ApplicationMaster
    const { files, hits } = containerStderrHits(ev, appId, new RegExp(spec.pattern), (c) => !/_0*1$/.test(c));
    if (files === 0) return { valid: "unknown", message: `no executor stderr of ${appId} was collected` };
    const evidence = { pattern: spec.pattern, files, hits: hits.slice(0, 5).map(({ file, line }) => ({ file, line })) };
    return spec.expect === "present"
      ? { valid: hits.length > 0, message: hits.length > 0 ? `${hits.length} executor log line(s): ${hits[0]!.line.slice(0, 160)}` : `no executor log line matches /${spec.pattern}/`, evidence }
      : { valid: hits.length === 0, message: hits.length === 0 ? `no executor log line matches /${spec.pattern}/` : `found: ${hits[0]!.line.slice(0, 160)}`, evidence };
  },
};

export interface TasksAttestedSpec {
  kind: "tasks-attested";
  step: string;
  /** At least this many distinct executors must have run tasks (so that "executors added" really happened). */
  minExecutors: number;
  /** "all-attested": every executor that ran a task has an affirming appraisal. "unattested-ran": the control. */
  expect: "all-attested" | "unattested-ran";
}

/** Executor ids that ran at least one task, from the driver's event log (SparkListenerTaskEnd). */
export function executorsWithTasks(eventLogText: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of eventLogText.split("\n")) {
    if (!line.includes('"SparkListenerTaskEnd"')) continue;
    const e = JSON.parse(line) as { "Task Info"?: { "Executor ID"?: string } };
    const id = e["Task Info"]?.["Executor ID"];
    if (id) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

export const tasksAttestedChecker: Checker<TasksAttestedSpec> = {
  kind: "tasks-attested",
  check(spec, ev): CheckResult {
    const appId = appOf(ev, spec.step);
    if (!appId) return { valid: "unknown", message: `${spec.step}: no application id` };
    const dir = join(ev.attestDir, "eventlog");
    const file = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(appId)) : undefined;
    if (!file) return { valid: "unknown", message: `no event log of ${appId} in ${dir}` };
    const ran = executorsWithTasks(readFileSync(join(dir, file), "utf8"));
    const affirmed = new Set((readAppraisals(ev.attestDir) ?? []).filter((a) => a.appId === appId && a.status === "affirming").map((a) => a.executorId));
    const unattested = [...ran.keys()].filter((id) => !affirmed.has(id) && id !== "driver");
    const evidence = { appId, tasksPerExecutor: Object.fromEntries(ran), affirmedExecutors: [...affirmed], unattested, eventLog: join(dir, file) };
    if (ran.size < spec.minExecutors) return { valid: "unknown", message: `only ${ran.size} executor(s) ran tasks; the scenario needs ${spec.minExecutors} to show executors being added`, evidence };
    return unattested.length === 0
      ? { valid: spec.expect === "all-attested", message: `all ${ran.size} executors that ran tasks have an affirming appraisal`, evidence }
      : { valid: spec.expect === "unattested-ran", message: `executor(s) ${unattested.join(", ")} of ${ran.size} ran tasks without an affirming appraisal`, evidence };
  },
};

export function appraisals(step: string, expect: AppraisalsSpec["expect"], more: Omit<Partial<AppraisalsSpec>, "kind" | "step" | "expect"> = {}): AppraisalsSpec {
  return { kind: "attestation-appraisals", step, expect, ...more };
}
export function executorFailures(step: string, count: Omit<ExecutorFailuresSpec, "kind" | "step">): ExecutorFailuresSpec {
  return { kind: "executor-failures", step, ...count };
}
export function executorLog(step: string, pattern: string, expect: ExecutorLogSpec["expect"]): ExecutorLogSpec {
  return { kind: "executor-log", step, pattern, expect };
}
export function tasksAttested(step: string, minExecutors: number, expect: TasksAttestedSpec["expect"] = "all-attested"): TasksAttestedSpec {
  return { kind: "tasks-attested", step, minExecutors, expect };
}
