// The one interface through which a layer (attestation, capture, man-in-the-middle proxy, KDC) joins a cluster:
// configure the plan before the daemons start → start once they are ready → per scenario: before, after, collect →
// stop. The cluster knows layers only through it, never by name.
import type { ClusterPlan } from "./cluster-plan.ts";
import type { StartedCluster } from "./started-cluster.ts";

/** A typed handle that finds a started layer in a cluster; its name is also the layer's evidence folder. */
export interface LayerKey<S extends StartedLayer> {
  readonly name: string;
  /** Type only: never set. */
  readonly __started?: S;
}

/** A key for the layers of one kind; compare keys by identity, so keep it in one exported constant. */
export function layerKey<S extends StartedLayer>(name: string): LayerKey<S> {
  return Object.freeze({ name });
}

/** What the runner hands each layer before a scenario: its name and its sections; each layer reads its own. */
export interface LayerScenario {
  readonly name: string;
  readonly [section: string]: unknown;
}

/** Where a layer's own containers go before the daemons start (the cluster's network and labels). */
export interface PlanEnvironment {
  readonly networkName: string;
  /** The image the cluster's nodes run (a layer's containers may use it too). */
  readonly image: string;
  /** A container name (`<prefix>-<node>`) and its fully qualified host name on the network. */
  containerName(node: string): string;
  host(node: string): string;
  /** Labels for a container of this session in a role (reaping finds it by them). */
  labels(role: string, node: string): Record<string, string>;
}

/** A layer before the cluster starts (the builder half). */
export interface ClusterLayer<S extends StartedLayer = StartedLayer> {
  readonly key: LayerKey<S>;
  /** Before any daemon starts: env, files, capabilities, spark-defaults on the plan; a description for the label. */
  configure?(plan: ClusterPlan): void;
  /**
   * Once the cluster network exists, before any daemon starts: start what the daemons need at start-up (a KDC) and
   * put what they read on the plan (keytabs). Containers started here carry env.labels, so a failed start reaps them.
   */
  prepare?(plan: ClusterPlan, env: PlanEnvironment): Promise<void>;
  /** After the daemons are ready (every NodeManager RUNNING). */
  start(cluster: StartedCluster): Promise<S>;
}

/** A running layer (the started half). Every method but stop is optional; collect never throws. */
export interface StartedLayer extends AsyncDisposable {
  readonly key: LayerKey<StartedLayer>;
  /** Spark confs every submit on this cluster gets (a step's own confs win). */
  sparkConf?(): Record<string, string>;
  /** Before each scenario: back to a clean state, then the scenario's own settings. */
  beforeScenario?(scenario: LayerScenario): Promise<void>;
  /** After the scenario's steps, before collect: undo what the scenario changed. Returns problems; never throws. */
  afterScenario?(): Promise<string[]>;
  /** Evidence into `dir` (the runner passes <scenario dir>/<key.name>). Returns problems; never throws. */
  collect?(dir: string): Promise<string[]>;
  /** Stops the layer's containers/processes; safe to call twice. */
  stop(): Promise<void>;
}

/** Finds a kept cluster's layer again from what its configure() recorded in plan.descriptions[key.name]. */
export interface LayerAttacher {
  readonly key: LayerKey<StartedLayer>;
  attach(cluster: StartedCluster, description: unknown): Promise<StartedLayer | undefined>;
}
