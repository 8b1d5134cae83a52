// The order every layered cluster start follows, apart from Docker so that it can be tested: configure each layer →
// make the network → prepare each layer (a KDC the daemons need) → start the daemons → start each layer in order; when one fails, the started ones stop (newest first) and so do the
// daemons. Also the per-scenario calls over all layers, for the runner.
import { join } from "node:path";
import { HarnessError, isHarnessError } from "../errors/harness-error.ts";
import type { ClusterLayer, LayerScenario, PlanEnvironment, StartedLayer } from "./cluster-layer.ts";
import type { ClusterPlan } from "./cluster-plan.ts";
import type { StartedCluster } from "./started-cluster.ts";

export interface Daemons {
  /** Creates the cluster network (and volume) the layers' prepare() and the daemons use. */
  network?(plan: ClusterPlan): Promise<PlanEnvironment>;
  /** Creates the containers from the configured plan and waits until the daemons are ready. */
  start(plan: ClusterPlan): Promise<StartedCluster>;
}

/**
 * configure → daemons → layers. When a layer fails, the layers started before it stop (newest first) and the error
 * names the layer (LAYER_FAILED unless it had a code); stopping the daemons is the caller's (it holds their log tails).
 */
export async function startLayered(layers: readonly ClusterLayer[], plan: ClusterPlan, daemons: Daemons): Promise<StartedCluster> {
  const names = layers.map((l) => l.key.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new HarnessError("INVALID_INPUT", `layer ${dup} was added twice to the cluster of ${plan.sessionId}`);
  for (const l of layers) {
    try {
      l.configure?.(plan);
    } catch (e) {
      throw layerError(l.key.name, "could not configure the cluster", e);
    }
  }
  // layers say what they provide in configure(): a missing KDC is known before anything is created
  const missing = plan.missingCapabilities();
  if (missing.length > 0) throw new HarnessError("INVALID_INPUT", `the cluster of ${plan.sessionId} needs ${missing.map((m) => `${m.what} (${m.why})`).join("; ")}, and no layer added provides it`);
  const prepared = layers.filter((l) => l.prepare);
  if (prepared.length > 0 && !daemons.network) throw new HarnessError("INVALID_INPUT", `layer ${prepared[0]!.key.name} prepares the cluster, but no network is made before the daemons start`);
  const env = daemons.network ? await daemons.network(plan) : undefined;
  for (const l of prepared) {
    try {
      await l.prepare!(plan, env!);
    } catch (e) {
      throw layerError(l.key.name, "could not prepare the cluster", e);
    }
  }
  const cluster = await daemons.start(plan);
  const started: StartedLayer[] = [];
  for (const l of layers) {
    try {
      started.push(await l.start(cluster));
    } catch (e) {
      await stopLayers(started);
      throw layerError(l.key.name, "did not start", e);
    }
  }
  cluster.addLayers(started);
  return cluster;
}

/** Stops layers newest first; never throws; returns what went wrong. */
export async function stopLayers(layers: readonly StartedLayer[]): Promise<string[]> {
  const problems: string[] = [];
  for (const l of [...layers].reverse()) await l.stop().catch((e: Error) => problems.push(`${l.key.name}: ${e.message}`));
  return problems;
}

/** Every layer's beforeScenario, in start order; the first failure names its layer (LAYER_FAILED unless coded). */
export async function layersBeforeScenario(layers: readonly StartedLayer[], scenario: LayerScenario): Promise<void> {
  for (const l of layers) {
    try {
      await l.beforeScenario?.(scenario);
    } catch (e) {
      throw layerError(l.key.name, `could not be prepared for ${scenario.name}`, e);
    }
  }
}

/** Every layer's afterScenario (newest first), then its collect into `<dir>/<layer name>`. Never throws. */
export async function layersAfterScenario(layers: readonly StartedLayer[], dir: string): Promise<{ undone: string[]; collected: string[] }> {
  const undone: string[] = [];
  const collected: string[] = [];
  for (const l of [...layers].reverse()) {
    const u = await Promise.resolve(l.afterScenario?.()).catch((e: Error) => [e.message]);
    undone.push(...(u ?? []).map((p) => `${l.key.name}: ${p}`));
  }
  for (const l of layers) {
    const c = await Promise.resolve(l.collect?.(join(dir, l.key.name))).catch((e: Error) => [e.message]);
    collected.push(...(c ?? []).map((p) => `${l.key.name}: ${p}`));
  }
  return { undone, collected };
}

function layerError(name: string, what: string, e: unknown): HarnessError {
  if (isHarnessError(e)) return new HarnessError(e.code, `layer ${name} ${what}: ${e.message}`, { cause: e, logTail: e.logTail });
  return new HarnessError("LAYER_FAILED", `layer ${name} ${what}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}
