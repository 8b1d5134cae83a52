// Runs one scenario on a started cluster: workload → evidence → checkers → artifacts. Never throws.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { combine, safeCheck } from "../checkers/checker.ts";
import { checkerFor } from "../checkers/checker-registry.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import { verdictOf, type CheckOutcome, type ScenarioResult } from "../report/results-model.ts";
import { sparkSubmit } from "../spark/spark-submit.ts";
import { CaptureSidecar, type StartedCapture } from "../wire/capture-sidecar.ts";
import { History } from "./history.ts";
import { ScenarioEvidence, type StepEvidence } from "./scenario-evidence.ts";
import type { Scenario } from "./scenario-schema.ts";
import { JOBS, type WorkloadStep } from "./workloads.ts";

export interface RunScenarioOptions {
  /** The run folder; the scenario writes into <runDir>/<scenario name>/. */
  runDir: string;
  signal?: AbortSignal;
  /** Progress lines for the console. */
  onProgress?: (line: string) => void;
}

export async function runScenario(s: Scenario, cluster: StartedCluster, o: RunScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const dir = join(o.runDir, s.name);
  mkdirSync(dir, { recursive: true });
  const log = cluster.log.child({ scenario: s.name });
  const history = new History();
  const steps = new Map<string, StepEvidence>();
  let error: string | undefined;

  const captures: StartedCapture[] = [];
  const pcapsDir = join(dir, "pcaps");
  for (const node of s.capture?.nodes ?? []) {
    const started = await history.record("capture", "start-capture", { node }, () => new CaptureSidecar(cluster, node, cluster.image).start());
    if (started.ok) captures.push(started.value);
    else error ??= `capture on ${node} did not start: ${(started.error as Error).message}`;
  }

  for (const step of s.workload) {
    if (error) break;
    if (o.signal?.aborted) {
      error = "interrupted before the workload finished";
      break;
    }
    o.onProgress?.(`${s.name}: ${step.id} (${step.job}, ${step.tenant}, ${step.deployMode} mode)`);
    steps.set(step.id, await runStep(step, cluster, history, join(dir, "steps", step.id)));
  }

  for (const c of captures) {
    await history.record("capture", "stop-capture", { node: c.node }, () => c.stopAndSave(join(pcapsDir, `${c.node}.pcap`)));
  }

  const appIds = [...steps.values()].flatMap((e) => (e.submit?.appId ? [e.submit.appId] : []));
  const logsDir = join(dir, "logs");
  const problems = await cluster.collectLogs(logsDir, appIds);
  if (problems.length > 0) log.warn({ problems }, "some logs could not be collected");

  const evidence = new ScenarioEvidence(history, steps, logsDir, pcapsDir);
  const checks: CheckOutcome[] = [];
  for (const [name, spec] of Object.entries(s.checkers)) {
    const r = await safeCheck(checkerFor(spec), spec as never, evidence);
    checks.push({ name, kind: spec.kind, ...r });
  }
  // an interrupted scenario's evidence is incomplete: whatever the checks say, the harness cannot tell
  if (o.signal?.aborted) error ??= "interrupted; evidence is incomplete";
  const valid = error ? "unknown" : combine(checks.map((c) => c.valid));
  const result: ScenarioResult = {
    name: s.name,
    description: s.description,
    profile: s.profile.name,
    verdict: verdictOf(valid),
    checks,
    error,
    seconds: (Date.now() - started) / 1000,
    artifacts: s.name,
  };
  writeFileSync(join(dir, "history.json"), JSON.stringify(history.ops, null, 2));
  writeFileSync(join(dir, "result.json"), JSON.stringify(result, null, 2));
  log.info({ verdict: result.verdict }, "scenario done");
  return result;
}

async function runStep(step: WorkloadStep, cluster: StartedCluster, history: History, dir: string): Promise<StepEvidence> {
  const ev: StepEvidence = { step };
  const submitted = await history.record(step.id, "submit", { tenant: step.tenant, job: step.job, deployMode: step.deployMode }, () =>
    sparkSubmit(cluster, {
      tenant: step.tenant,
      mainClass: JOBS[step.job].mainClass,
      args: step.args,
      deployMode: step.deployMode,
      queue: step.queue,
      conf: step.conf,
      logDir: dir,
      timeoutMs: step.timeoutSeconds * 1000,
    }),
  );
  if (!submitted.ok) {
    ev.problem = `spark-submit could not run: ${(submitted.error as Error).message}`;
    return ev;
  }
  ev.submit = submitted.value;
  if (ev.submit.timedOut) ev.problem = `spark-submit did not finish within ${step.timeoutSeconds} s; the app was killed`;
  const appId = ev.submit.appId;
  if (!appId) {
    ev.problem = `spark-submit exited ${ev.submit.exitCode} without an application id (see ${join(dir, "submit.log")})`;
    return ev;
  }
  // spark-submit returns when the app ended; the RM's report is the authority on how it ended
  const waited = await history.record(step.id, "wait-app", { appId }, () => cluster.rm.as(step.tenant).waitForApp(appId, step.timeoutSeconds * 1000));
  if (waited.ok) ev.app = waited.value;
  else ev.problem = isHarnessError(waited.error) ? waited.error.message : String(waited.error);
  return ev;
}
