// What a cluster will start, before any daemon runs: each node's env, files and capabilities, the rendered config.
// Layers change it in their configure() step; the builder then creates the containers from it.
import { HarnessError } from "../errors/harness-error.ts";
import { GATEWAY_NODE, RM_NODE, renderSparkDefaults, type ClusterConfigFiles, type ClusterHosts } from "./cluster-config.ts";
import type { NodeRole } from "./node-roles.ts";
import type { SecurityProfile } from "./security-profile.ts";
import { nodeManagerNames, type Topology } from "./topology.ts";

/** A file copied into a node's container before its daemon starts. */
export interface NodeFile {
  target: string;
  content: string | Buffer;
  /** Octal permission bits (default: testcontainers' 0644). */
  mode?: number;
  /** OS user that owns the file once the node is up (a tenant's keytab); root when absent. */
  owner?: string;
}

/** One node's container settings that layers may add to. */
export interface NodeSpec {
  readonly name: string;
  readonly role: NodeRole;
  readonly env: Record<string, string>;
  readonly capabilities: string[];
  readonly files: NodeFile[];
  /** Volumes of this node's own, made with the cluster (labelled, removed with it): a layer's sidecar can mount one too. */
  readonly volumes: Array<{ name: string; target: string }>;
}

/** The Docker volume `name` of one node of a session (a layer's sidecar mounts it by this name). */
export function nodeVolumeName(sessionId: string, node: string, name: string): string {
  return `shieldlab-${name}-${sessionId}-${node}`;
}

export class ClusterPlan {
  readonly nodes: readonly NodeSpec[];
  /** spark-defaults.conf entries layers add (after the profile's; Spark takes the last value of a key). */
  readonly #sparkDefaults: Array<[string, string]> = [];
  /** What each layer records in the cluster's label (by layer name) so a kept cluster can be attached again. */
  readonly descriptions: Record<string, unknown> = {};
  /** Capabilities layers provide (e.g. "kdc"), and what the profile needs from them. */
  readonly #provided = new Set<string>();
  readonly #needed: Array<{ what: string; why: string }> = [];

  constructor(
    readonly sessionId: string,
    readonly topology: Topology,
    readonly profile: SecurityProfile & { name: string },
    readonly hosts: ClusterHosts,
    readonly config: ClusterConfigFiles,
    private readonly baseSparkDefaults: Array<[string, string]>,
  ) {
    const spec = (name: string, role: NodeRole): NodeSpec => ({ name, role, env: {}, capabilities: [], files: [], volumes: [] });
    this.nodes = [spec(RM_NODE, "resourcemanager"), ...nodeManagerNames(topology).map((n) => spec(n, "nodemanager")), spec(GATEWAY_NODE, "gateway")];
    if (profile.kerberos) this.need("kdc", "the profile's kerberos option: add a KDC layer (KdcLayer) to the cluster");
  }

  /** A layer says it provides a capability the daemons need ("kdc"). */
  provide(capability: string): this {
    this.#provided.add(capability);
    return this;
  }

  /** The cluster says what its profile needs from some layer, and why. */
  need(capability: string, why: string): this {
    this.#needed.push({ what: capability, why });
    return this;
  }

  /** What the profile needs that no layer provided. */
  missingCapabilities(): Array<{ what: string; why: string }> {
    return this.#needed.filter((n) => !this.#provided.has(n.what));
  }

  node(name: string): NodeSpec {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new HarnessError("INVALID_INPUT", `no node ${JSON.stringify(name)} in the plan of ${this.sessionId}; nodes: ${this.nodes.map((x) => x.name).join(", ")}`);
    return n;
  }

  /** The nodes of one role (every NodeManager, say). */
  withRole(role: NodeRole): NodeSpec[] {
    return this.nodes.filter((n) => n.role === role);
  }

  /** Linux capabilities for the nodes of a role (e.g. SYS_ADMIN for fanotify on the NodeManagers). */
  addCapabilities(role: NodeRole, ...caps: string[]): this {
    for (const n of this.withRole(role)) for (const c of caps) if (!n.capabilities.includes(c)) n.capabilities.push(c);
    return this;
  }

  /** A volume of its own at `target` in every node of a role (see nodeVolumeName). */
  addVolume(role: NodeRole, name: string, target: string): this {
    for (const n of this.withRole(role)) if (!n.volumes.some((v) => v.name === name)) n.volumes.push({ name, target });
    return this;
  }

  /** Entries every Spark process on the cluster reads from spark-defaults.conf. */
  addSparkDefaults(conf: Record<string, string>): this {
    this.#sparkDefaults.push(...Object.entries(conf));
    this.config.spark["spark-defaults.conf"] = renderSparkDefaults([...this.baseSparkDefaults, ...this.#sparkDefaults]);
    return this;
  }

  /** The spark-defaults.conf entries layers added (the cluster re-applies them under every scenario's profile). */
  get layerSparkDefaults(): Array<[string, string]> {
    return [...this.#sparkDefaults];
  }

  /** The config files every node gets, then the node's own files. */
  filesOf(node: NodeSpec): NodeFile[] {
    // (node files come last: a layer's file wins over a shared one at the same path)
    const shared = Object.entries(this.config.hadoop)
      .map(([f, content]) => ({ content, target: `/etc/hadoop/conf/${f}` }))
      .concat(Object.entries(this.config.spark).map(([f, content]) => ({ content, target: `/opt/spark/conf/${f}` })));
    return [...shared, ...node.files];
  }
}
