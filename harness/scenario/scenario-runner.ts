// Runs one scenario on a started cluster: workload → evidence → checkers → artifacts. Never throws.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { combine, safeCheck } from "../checkers/checker.ts";
import { checkerFor } from "../checkers/checker-registry.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { toJson } from "../util/to-json.ts";
import { generatedSecrets } from "../util/generated-secrets.ts";
import { redactText } from "../util/secret-redactor.ts";
import { verdictOf, type CheckOutcome, type ScenarioResult } from "../report/results-model.ts";
import { CaptureSidecar, type StartedCapture } from "../wire/capture-sidecar.ts";
import { attestationOf } from "../attest/host/attestation-of.ts";
import { ATTESTATION_LAYER } from "../attest/host/started-attestation.ts";
import { layersAfterScenario, layersBeforeScenario } from "../cluster/layer-lifecycle.ts";
import { StepRecord } from "../steps/step-evidence.ts";
import type { StepContext } from "../steps/step-module.ts";
import { stepModule, type WorkloadStep } from "../steps/step-registry.ts";
import { History } from "./history.ts";
import { trackUndo } from "./pending-undos.ts";
import { scanCapturesForSecrets } from "../wire/captured-secrets.ts";
import { ScenarioEvidence } from "./scenario-evidence.ts";
import type { Scenario } from "./scenario-schema.ts";

export interface RunScenarioOptions {
  /** The run folder; the scenario writes into <runDir>/<scenario name>/. */
  runDir: string;
  signal?: AbortSignal;
  /** Progress lines for the console. */
  onProgress?: (line: string) => void;
  /** A step's or layer's change could not be undone, or a layer's evidence not collected: later scenarios must not run on this cluster. */
  onClusterDirty?: (why: string) => void;
}

/** Runs every action in turn, each whatever the others did; one error naming every action that failed. */
async function runEach(actions: ReadonlyArray<readonly [what: string, run: () => Promise<void>]>): Promise<void> {
  const failed: string[] = [];
  for (const [what, run] of actions) await run().catch((e: unknown) => failed.push(`${what}: ${(e as Error).message}`));
  if (failed.length > 0) throw new Error(failed.join("; "));
}

export async function runScenario(s: Scenario, cluster: StartedCluster, o: RunScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const dir = join(o.runDir, s.name);
  mkdirSync(dir, { recursive: true });
  const log = cluster.log.child({ scenario: s.name });
  const history = new History();
  const steps = new Map<string, StepRecord>();
  let error: string | undefined;

  const captures: StartedCapture[] = [];
  const pcapsDir = join(dir, "pcaps");
  // one sidecar per node, started side by side (each waits for its tcpdump to listen)
  const startedCaptures = await Promise.all(
    (s.capture?.nodes ?? []).map(async (node) => ({ node, started: await history.record(`capture-${node}`, "start-capture", { node }, () => new CaptureSidecar(cluster, node, cluster.image).start()) })),
  );
  for (const { node, started } of startedCaptures) {
    if (started.ok) captures.push(started.value);
    else error ??= `capture on ${node} did not start: ${(started.error as Error).message}`;
  }

  // every cluster layer (attestation, …) prepares for the scenario from its own section of the scenario's data
  if (cluster.layers.length > 0) {
    const prepared = await history.record("layers", "before-scenario", { layers: cluster.layers.map((l) => l.key.name) }, () => layersBeforeScenario(cluster.layers, s));
    if (!prepared.ok) error ??= `a cluster layer could not be prepared: ${(prepared.error as Error).message}`;
  }

  const background: Promise<unknown>[] = [];
  const held = new Map<string, () => Promise<void>>();
  const undos: Array<[what: string, undo: () => Promise<void>]> = [];
  for (const step of s.workload) {
    if (error) break;
    if (o.signal?.aborted) {
      error = "interrupted before the workload finished";
      break;
    }
    const record = new StepRecord(step);
    steps.set(step.id, record);
    const m = stepModule(step.kind);
    o.onProgress?.(`${s.name}: ${step.id} (${m.describe(step as never)})`);
    const ctx: StepContext<WorkloadStep> = {
      step,
      record,
      cluster,
      history,
      dir: join(dir, "steps", step.id),
      other: (id) => steps.get(id),
      onProgress: (line) => o.onProgress?.(line),
      signal: o.signal,
      background: (work) => background.push(work.catch((e: unknown) => void (record.problem ??= `step ${step.id} crashed: ${(e as Error).message}`))),
      onRelease: (what, release) => void held.set(what, release),
      // tracked process-wide too: a second Ctrl-C runs what is still pending before it exits (cli/interrupts.ts)
      onUndo: (what, undo) => void undos.push([what, trackUndo(`${s.name}: ${what}`, undo).run]),
      fail: (reason) => void (error ??= reason),
    };
    try {
      const evidence = await m.run(ctx as never);
      if (evidence !== undefined) record.record(step.kind, evidence);
    } catch (e) {
      // a step records outcomes instead of throwing; one that throws anyway leaves its evidence incomplete
      record.problem ??= `step ${step.id} crashed: ${(e as Error).message}`;
    }
  }
  // the attacks are over: held victims may finish now
  if (held.size > 0) {
    const released = await history.record("workload", "release-held", { steps: [...held.keys()] }, () => runEach([...held]));
    if (!released.ok) error ??= `held jobs could not be released: ${(released.error as Error).message}`;
  }
  await Promise.all(background);

  await Promise.all(captures.map((c) => history.record(`capture-${c.node}`, "stop-capture", { node: c.node }, () => c.stopAndSave(join(pcapsDir, `${c.node}.pcap`)))));
  // captures stay as recorded (evidence): say which generated secrets each one carries (kind and hash prefix only)
  const capturedSecrets = captures.length > 0 ? scanCapturesForSecrets(pcapsDir, cluster.secretRegistry.list()) : undefined;

  // each layer undoes what the attacks changed (newest first: an outage ends before the audit log is fetched),
  // then collects its evidence into <scenario>/<layer name>/. A layer left changed, or whose evidence could not be
  // fetched, makes the scenario unknown and retires the cluster, as a step's failed undo does below
  const { undone, collected } = await layersAfterScenario(cluster.layers, dir);
  if (collected.length + undone.length > 0) log.warn({ collected, undone }, "layer undo or evidence incomplete");
  if (undone.length > 0) {
    const why = `a layer could not undo the scenario's change: ${undone.join("; ")}`;
    error ??= `the cluster could not be put back as it was: ${why}`;
    o.onClusterDirty?.(why);
  }
  if (collected.length > 0) {
    const why = `a layer's evidence could not be collected: ${collected.join("; ")}`;
    error ??= why;
    o.onClusterDirty?.(why);
  }
  // then what steps changed on the cluster goes back (newest first; after the layers, so a KDC outage has ended);
  // a change that stays would decide the next scenario on this cluster, so that cluster is retired
  if (undos.length > 0) {
    const restored = await history.record("workload", "undo", { what: undos.map(([what]) => what) }, () => runEach([...undos].reverse()));
    if (!restored.ok) {
      const why = (restored.error as Error).message;
      error ??= `the cluster could not be put back as it was: ${why}`;
      o.onClusterDirty?.(why);
    }
  }
  const attestDir = attestationOf(cluster) ? join(dir, ATTESTATION_LAYER.name) : "";

  const appIds = [...steps.values()].flatMap((e) => (e.spark?.submit?.appId ? [e.spark.submit.appId] : []));
  const logsDir = join(dir, "logs");
  const problems = await cluster.collectLogs(logsDir, appIds);
  if (problems.length > 0) log.warn({ problems }, "some logs could not be collected");

  const evidence = new ScenarioEvidence(history, steps, logsDir, pcapsDir, attestDir, dir);
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
    finding: s.finding,
    checks,
    error,
    seconds: (Date.now() - started) / 1000,
    artifacts: s.name,
    ...(s.attestation ? { emulated: "cca-ima" as const } : {}),
    ...(capturedSecrets
      ? { capturedSecrets: { pcaps: capturedSecrets.pcaps, sightings: capturedSecrets.sightings.map(({ pcap, kind, sha256Prefix, count }) => ({ pcap, kind, sha256Prefix, count })), ...(capturedSecrets.problem ? { problem: capturedSecrets.problem } : {}) } }
      : {}),
  };
  // written redacted: a crash before the run's sweep must not leave a secret on disk
  writeFileSync(join(dir, "history.json"), redactText(toJson(history.ops), generatedSecrets()));
  writeFileSync(join(dir, "result.json"), redactText(toJson(result), generatedSecrets()));
  log.info({ verdict: result.verdict }, "scenario done");
  return result;
}
