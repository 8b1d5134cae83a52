// `run --target`: every selected scenario on the one cluster a target file describes, instead of clusters the harness
// builds. A scenario the target cannot run (a step needs node access, a destructive step without --allow-destructive,
// a cluster that is not the scenario's) is unknown with its reason, never skipped silently. Steps that change the
// target register their undo (run after each scenario, and on Ctrl-C); a change that could not be undone stops the run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import type { Logger } from "../log/logger.ts";
import type { RunResults, ScenarioResult, ShardRecord } from "../report/results-model.ts";
import { applySparkProfile } from "../spark/spark-profile.ts";
import type { TargetFacts } from "../target/target-facts.ts";
import { startStep } from "../util/progress.ts";
import type { ScenarioLoadFailure } from "./scenario-loader.ts";
import { runScenario } from "./scenario-runner.ts";
import type { Scenario } from "./scenario-schema.ts";
import { repeatOrder } from "./suite-runner.ts";
import { newRunRecord, notRunRow } from "./run-record.ts";
import { targetFit } from "./target-fit.ts";

export interface TargetSuiteOptions {
  runId: string;
  runDir: string;
  log: Logger;
  signal: AbortSignal;
  repeat?: number;
  unloadable?: ScenarioLoadFailure[];
  shard?: ShardRecord;
  /** The target file's name (reports say which cluster was tested). */
  targetName: string;
  /** Starts the gateway and reads the target (target/target-cluster.ts); injected so that tests need no Docker. */
  attach: (log: Logger) => Promise<{ cluster: StartedCluster; facts: TargetFacts }>;
  allowDestructive: boolean;
  /** Versions to record (the gateway image's pair; the target's own are in its /ws/v1/cluster/info). */
  gatewayVersions?: Record<string, string>;
  /** Runs one scenario (default: runScenario after the scenario's spark-defaults are written on the gateway). */
  runOne?: typeof runScenario;
}

/** A row for a scenario that did not run on the target, with why. */
function unknownRow(s: Pick<Scenario, "name" | "description"> & { finding?: Scenario["finding"] }, profile: string, why: string, artifacts: string, repeat?: number): ScenarioResult {
  return notRunRow(s, profile, why, repeat, artifacts);
}

export async function runOnTarget(scenarios: readonly Scenario[], o: TargetSuiteOptions): Promise<RunResults> {
  const repeat = o.repeat ?? 1;
  const { results, save } = newRunRecord(o, { target: o.targetName, node: process.version, ...o.gatewayVersions });
  const order = repeatOrder(scenarios, repeat);
  const rep = (round: number): number | undefined => (repeat > 1 ? round : undefined);
  const dirOf = (round: number): string => (repeat > 1 ? join(o.runDir, `repeat-${round}`) : o.runDir);
  const prefix = (round: number): string => (repeat > 1 ? `repeat-${round}/` : "");
  const skip = (s: Scenario, round: number, why: string): void => void results.scenarios.push(unknownRow(s, s.profile.name, why, `${prefix(round)}${s.name}`, rep(round)));
  for (const f of o.unloadable ?? []) results.scenarios.push(unknownRow({ name: f.name, description: "(does not load)" }, "-", f.error.message, f.name));
  save();
  if (order.length === 0) return results;

  const step = startStep("cluster", `target ${o.targetName} (${scenarios.length} scenario(s)${repeat > 1 ? ` × ${repeat}` : ""})`);
  let attached: { cluster: StartedCluster; facts: TargetFacts };
  try {
    attached = await o.attach(o.log);
    step.done(`gateway ${attached.cluster.hosts.gateway}, ${attached.facts.runningNodeManagers} NodeManager(s) RUNNING`);
  } catch (e) {
    const msg = isHarnessError(e) ? e.describe() : (e as Error).message;
    step.fail(msg.split("\n")[0] ?? "");
    for (const { item: s, round } of order) {
      const dir = join(dirOf(round), s.name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "cluster-error.txt"), msg);
      skip(s, round, `not run: the target could not be attached: ${msg.split("\n")[0]}`);
    }
    save();
    return results;
  }
  const { cluster, facts } = attached;
  writeFileSync(join(o.runDir, "target-facts.json"), `${JSON.stringify(facts, null, 2)}\n`);
  // a change to the target that could not be undone stops the run: every later verdict would rest on it
  let dirty: string | undefined;
  try {
    for (const { item: s, round } of order) {
      if (o.signal.aborted) {
        skip(s, round, "interrupted before it started");
        continue;
      }
      if (dirty) {
        skip(s, round, `not run: the target could not be put back after ${dirty}`);
        continue;
      }
      const fit = targetFit(s, facts, { allowDestructive: o.allowDestructive });
      if (!fit.ok) {
        skip(s, round, `${fit.reason} — ${fit.detail}`);
        continue;
      }
      const st = startStep("scenario", `${s.name}${repeat > 1 ? ` #${round}` : ""}`);
      const left: string[] = [];
      const runOne = o.runOne ?? runScenario;
      const r: ScenarioResult = await (async () => {
        // Spark's side of the profile is each application's own: this scenario's spark-defaults on the gateway only
        if (!o.runOne) await applySparkProfile(cluster, s.topology, s.profile);
        return runOne(s, cluster, { runDir: dirOf(round), signal: o.signal, onProgress: (l) => st.update(l), onClusterDirty: (why) => void left.push(why) });
      })().catch((e: unknown) => unknownRow(s, s.profile.name, `the harness failed while running it: ${(e as Error)?.message ?? String(e)}`, s.name));
      if (left.length > 0) {
        dirty = `${s.name} (${left.join("; ")})`;
        o.log.error({ target: o.targetName, scenario: s.name, left }, "the target was left changed: put it back by hand");
      }
      if (repeat > 1) {
        r.repeat = round;
        r.artifacts = `${prefix(round)}${r.artifacts}`;
      }
      if (o.signal.aborted && r.verdict === "pass") r.verdict = "unknown";
      results.scenarios.push(r);
      (r.verdict === "pass" ? st.done : st.fail).call(st, r.verdict.toUpperCase());
      save();
    }
  } finally {
    // the gateway only (the harness's own container): the target stays as it was
    await cluster.stop().catch((e: unknown) => o.log.warn({ err: (e as Error).message }, "the gateway could not be removed; `shieldlab down` removes it"));
  }
  save();
  return results;
}
