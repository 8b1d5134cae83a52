// Runs one scenario on a started cluster: workload → evidence → checkers → artifacts. Never throws.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { combine, safeCheck } from "../checkers/checker.ts";
import { checkerFor } from "../checkers/checker-registry.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import { toJson } from "../util/to-json.ts";
import { verdictOf, type CheckOutcome, type ScenarioResult } from "../report/results-model.ts";
import { appIdFrom, sparkSubmit } from "../spark/spark-submit.ts";
import { runAclMatrix } from "../attacks/acl-matrix.ts";
import { containerSnoop } from "../attacks/container-snoop.ts";
import { labelledSnoop } from "../attacks/labelled-snoop.ts";
import { probeDriverUi } from "../attacks/ui-probe.ts";
import { rogueRpc } from "../attacks/rogue-rpc-client.ts";
import { secretHolderRpc, stolenSecretRpc } from "../attacks/secret-holder-client.ts";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import { CaptureSidecar, type StartedCapture } from "../wire/capture-sidecar.ts";
import { holdArgs, releaseFileFor, releaseHeld } from "../spark/victim-hold.ts";
import { History } from "./history.ts";
import { runMitmTamperStep } from "./mitm-tamper-step.ts";
import { NO_VERIFIER_OVERRIDES } from "../attest/host/attestation-options.ts";
import { attestationOf } from "../attest/host/attestation-of.ts";
import { ScenarioEvidence, type StepEvidence } from "./scenario-evidence.ts";
import type { Scenario } from "./scenario-schema.ts";
import { JOBS, ROGUE_TARGET_DRIVER_PORT, type RmKillStep, type RogueRpcStep, type SubmitStep } from "./workloads.ts";

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

  const attestation = attestationOf(cluster);
  if (attestation) {
    const prepared = await history.record("attestation", "prepare", { verifier: s.attestation?.verifier }, () =>
      attestation.prepareScenario(s.attestation?.verifier ?? NO_VERIFIER_OVERRIDES),
    );
    if (!prepared.ok) error ??= `the attestation layer could not be prepared: ${(prepared.error as Error).message}`;
  }

  const background: Promise<void>[] = [];
  const held: string[] = [];
  for (const step of s.workload) {
    if (error) break;
    if (o.signal?.aborted) {
      error = "interrupted before the workload finished";
      break;
    }
    const ev: StepEvidence = { step };
    steps.set(step.id, ev);
    if (step.kind === "spark-submit") {
      o.onProgress?.(`${s.name}: ${step.id} (${step.job}, ${step.tenant}, ${step.deployMode} mode)`);
      const releaseFile = step.hold ? releaseFileFor(step.id) : undefined;
      if (releaseFile) held.push(releaseFile);
      const run = runSubmitStep(step, ev, cluster, history, join(dir, "steps", step.id), releaseFile);
      if (step.background) background.push(run);
      else await run;
    } else if (step.kind === "rm-kill") {
      o.onProgress?.(`${s.name}: ${step.id} (${step.actor} kills ${step.target} as ${step.asUser})`);
      await runKillStep(step, ev, steps, cluster, history);
    } else if (step.kind === "rogue-rpc") {
      o.onProgress?.(`${s.name}: ${step.id} (rogue RPC client against ${step.target}'s driver)`);
      await runRogueStep(step, ev, steps, cluster, history);
    } else if (step.kind === "ui-probe") {
      o.onProgress?.(`${s.name}: ${step.id} (the driver UI over HTTP and HTTPS)`);
      const running = await awaitRunning(step.id, step.target, steps, cluster, history);
      if (!running.ok) ev.problem = (running.error as Error).message;
      else {
        // the driver starts its UI before it submits the app; a short grace for the connectors all the same
        await new Promise((r) => setTimeout(r, 2000));
        const r = await history.record(step.id, "ui-probe", {}, () => probeDriverUi(cluster));
        if (r.ok) ev.ui = r.value;
        else ev.problem = (r.error as Error).message;
      }
    } else if (step.kind === "tamper-file" || step.kind === "attest-fault" || step.kind === "verifier-outage") {
      o.onProgress?.(`${s.name}: ${step.id} (${step.kind}${"node" in step ? ` on ${step.node}` : ""})`);
      if (!attestation) {
        ev.problem = "the cluster has no attestation layer";
        continue;
      }
      const r = await history.record(step.id, step.kind, step.kind === "attest-fault" ? { node: step.node, faults: step.faults } : { ...step }, async () =>
        step.kind === "tamper-file"
          ? attestation.tamperFile(step.node, step.path)
          : step.kind === "attest-fault"
            ? attestation.setFaults(step.node, step.faults)
            : attestation.verifierOutage(),
      );
      if (!r.ok) error ??= `${step.id}: ${(r.error as Error).message}`;
    } else if (step.kind === "mitm-tamper") {
      o.onProgress?.(`${s.name}: ${step.id} (${step.job} as ${step.tenant}, client mode, through a bit-flipping proxy)`);
      const stepDir = join(dir, "steps", step.id);
      await runMitmTamperStep(step, ev, cluster, history, stepDir, (submit) => runSubmitStep(submit, ev, cluster, history, stepDir));
    } else if (step.kind === "container-snoop") {
      o.onProgress?.(`${s.name}: ${step.id} (${step.attacker} reads ${step.victim}'s container files)`);
      const r = await history.record(step.id, "container-snoop", { victim: step.victim, attacker: step.attacker }, () =>
        // on dedicated, labelled NodeManagers the attack finds each container's node from the RM and tries to escape
        cluster.topology.dedicatedNodes ? labelledSnoop(cluster, step.victim, step.attacker) : containerSnoop(cluster, step.victim, step.attacker),
      );
      if (r.ok) ev.snoop = r.value;
      else ev.problem = (r.error as Error).message;
    } else {
      o.onProgress?.(`${s.name}: ${step.id} (tenancy matrix)`);
      const r = await history.record(step.id, "acl-matrix", { cells: Object.values(step.matrix.submit).reduce((n, q) => n + Object.keys(q).length, 0) + step.matrix.kill.length }, () =>
        runAclMatrix(cluster.rm, step.matrix),
      );
      if (r.ok) ev.matrix = r.value;
      else ev.problem = (r.error as Error).message;
    }
  }
  // the attacks are over: held victims may finish now
  if (held.length > 0) {
    const released = await history.record("workload", "release-held", { files: held }, () => releaseHeld(cluster, held));
    if (!released.ok) error ??= `held jobs could not be released: ${(released.error as Error).message}`;
  }
  await Promise.all(background);

  for (const c of captures) {
    await history.record("capture", "stop-capture", { node: c.node }, () => c.stopAndSave(join(pcapsDir, `${c.node}.pcap`)));
  }

  const attestDir = join(dir, "attestation");
  if (attestation) {
    // undo first: an outage must end before the verifier's audit log can be fetched
    const undone = await attestation.undo();
    const collected = await attestation.collect(attestDir);
    if (collected.length + undone.length > 0) log.warn({ collected, undone }, "attestation evidence or undo incomplete");
  }

  const appIds = [...steps.values()].flatMap((e) => (e.submit?.appId ? [e.submit.appId] : []));
  const logsDir = join(dir, "logs");
  const problems = await cluster.collectLogs(logsDir, appIds);
  if (problems.length > 0) log.warn({ problems }, "some logs could not be collected");

  const evidence = new ScenarioEvidence(history, steps, logsDir, pcapsDir, attestation ? attestDir : "");
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
  };
  writeFileSync(join(dir, "history.json"), toJson(history.ops));
  writeFileSync(join(dir, "result.json"), toJson(result));
  log.info({ verdict: result.verdict }, "scenario done");
  return result;
}

async function runSubmitStep(step: SubmitStep, ev: StepEvidence, cluster: StartedCluster, history: History, dir: string, releaseFile?: string): Promise<void> {
  const submitted = await history.record(step.id, "submit", { tenant: step.tenant, job: step.job, deployMode: step.deployMode, held: releaseFile !== undefined }, () =>
    sparkSubmit(cluster, {
      tenant: step.tenant,
      mainClass: JOBS[step.job].mainClass,
      args: releaseFile ? [...step.args, ...holdArgs(releaseFile, step.timeoutSeconds)] : step.args,
      deployMode: step.deployMode,
      queue: step.queue,
      conf: { ...cluster.sparkConf(), ...step.conf },
      logDir: dir,
      timeoutMs: step.timeoutSeconds * 1000,
      onOutput: (text) => {
        ev.appId ??= appIdFrom(text);
      },
    }),
  );
  if (!submitted.ok) {
    ev.problem = `spark-submit could not run: ${(submitted.error as Error).message}`;
    return;
  }
  ev.submit = submitted.value;
  if (ev.submit.timedOut) ev.problem = `spark-submit did not finish within ${step.timeoutSeconds} s; the app was killed`;
  const appId = ev.submit.appId;
  if (!appId) {
    ev.problem = `spark-submit exited ${ev.submit.exitCode} without an application id (see ${join(dir, "submit.log")})`;
    return;
  }
  // spark-submit returns when the app ended; the RM's report is the authority on how it ended
  const waited = await history.record(step.id, "wait-app", { appId }, () => cluster.rm.as(step.tenant).waitForApp(appId, step.timeoutSeconds * 1000));
  if (waited.ok) ev.app = waited.value;
  else ev.problem = isHarnessError(waited.error) ? waited.error.message : String(waited.error);
}

/** Waits for the target app to run, then sends the kill as `asUser`; records exactly what the RM answered. */
async function runKillStep(step: RmKillStep, ev: StepEvidence, steps: Map<string, StepEvidence>, cluster: StartedCluster, history: History): Promise<void> {
  const running = await awaitRunning(step.id, step.target, steps, cluster, history);
  if (!running.ok) {
    ev.problem = (running.error as Error).message;
    return;
  }
  const appId = running.value;
  const sent = await history.record(step.id, "kill", { actor: step.actor, asUser: step.asUser, appId }, async () => {
    const r = await cluster.rm.as(step.asUser).killApp(appId);
    return { status: r.status, body: r.text.slice(0, 600) };
  });
  if (!sent.ok) {
    ev.problem = (sent.error as Error).message;
    return;
  }
  ev.attack = { actor: step.actor, asUser: step.asUser, appId, request: `PUT /ws/v1/cluster/apps/${appId}/state?user.name=${step.asUser} {"state":"KILLED"}`, ...sent.value };
}

/** Sends one unauthenticated RPC to the target's driver (client mode: on the gateway) once its app runs. */
async function runRogueStep(step: RogueRpcStep, ev: StepEvidence, steps: Map<string, StepEvidence>, cluster: StartedCluster, history: History): Promise<void> {
  const running = await awaitRunning(step.id, step.target, steps, cluster, history);
  if (!running.ok) {
    ev.problem = (running.error as Error).message;
    return;
  }
  const sent = await history.record(step.id, "rogue-rpc", { port: ROGUE_TARGET_DRIVER_PORT, secret: step.secret, actor: step.actor }, async () =>
    step.secret === "none"
      ? rogueRpc(await cluster.ipOf(GATEWAY_NODE), ROGUE_TARGET_DRIVER_PORT)
      : step.secret === "stolen"
        ? stolenSecretRpc(cluster, steps.get(step.target)!, step.actor ?? "bob")
        : secretHolderRpc(cluster, step.actor ?? "bob", "-"),
  );
  if (sent.ok) ev.rogue = sent.value;
  else ev.problem = (sent.error as Error).message;
}

/** Waits until the app of step `targetId` is RUNNING in the RM; its id is the value. */
function awaitRunning(stepId: string, targetId: string, steps: Map<string, StepEvidence>, cluster: StartedCluster, history: History) {
  const target = steps.get(targetId);
  const owner = target?.step.kind === "spark-submit" ? target.step.tenant : undefined;
  return history.record(stepId, "await-running", { target: targetId }, async () => {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (target?.submit && !target.appId) throw new Error(`step ${targetId}'s spark-submit ended without an application`);
      if (target?.appId && owner) {
        // right after submission the RM may not list the app yet (404): keep polling
        const app = await cluster.rm.as(owner).app(target.appId).catch(() => undefined);
        if (app?.state === "RUNNING") return app.id;
        if (!app) {
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        if (["FINISHED", "FAILED", "KILLED"].includes(app.state)) throw new Error(`${app.id} ended (${app.state}) before the attack`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`step ${targetId}'s app was not RUNNING within 180 s`);
  });
}

