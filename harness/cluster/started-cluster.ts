// A running cluster: its nodes, the RM client, exec on a node, evidence collection, and disposal.
import { nodeVolumeName } from "./cluster-plan.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { HarnessError } from "../errors/harness-error.ts";
import { containerExec, type ExecOptions, type ExecResult } from "../engine/container-exec.ts";
import { docker } from "../engine/docker-engine.ts";
import type { Logger } from "../log/logger.ts";
import type { RmClient } from "../yarn/rm-client.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { redactArtifactTree } from "../util/secret-redactor.ts";
import { GenericContainer } from "testcontainers";
import { NODE_LABEL, sessionLabels } from "../engine/session.ts";
import { NM_LOG_DIR, containerNameOf, hostOf, renderSparkDefaults, sparkDefaults, type ClusterConfigFiles, type ClusterHosts, type ClusterSecrets, type JvmStart } from "./cluster-config.ts";
import { demuxToText } from "./cluster-builder.ts";
import type { LayerKey, StartedLayer } from "./cluster-layer.ts";
import { stopLayers } from "./layer-lifecycle.ts";
import type { ClusterNode } from "./node-roles.ts";
import type { SecurityProfile } from "./security-profile.ts";
import { tenantPrincipal } from "./secure-mode.ts";
import type { Topology } from "./topology.ts";

/** Where a standalone worker runs executors and drivers (their stdout/stderr are evidence). */
export const STANDALONE_WORK_DIR = "/opt/spark/work";

export interface StartedClusterInit {
  sessionId: string;
  /** The hadoop-spark image the nodes run (sidecars use it too). */
  image: string;
  topology: Topology;
  profile: SecurityProfile & { name: string };
  config: ClusterConfigFiles;
  nodes: ClusterNode[];
  /** The ResourceManager's client; absent on a Spark standalone cluster. */
  rm?: RmClient;
  /** A Spark standalone cluster's master: its client and URLs; absent on YARN. */
  standalone?: StandaloneAccess;
  keep: boolean;
  networkName: string;
  hosts: ClusterHosts;
  /** Passwords generated for this cluster (keystores); never logged. */
  secrets?: ClusterSecrets;
  /** Every secret generated for this cluster, for redacting artifacts (an attached cluster's is empty). */
  secretRegistry?: SecretRegistry;
  /** How Spark's JVMs start on this cluster (default fast-start). */
  jvm?: JvmStart;
  /** spark-defaults.conf entries the layers added when the cluster was planned. */
  layerSparkDefaults?: Array<[string, string]>;
  log: Logger;
  /** A cluster the harness did not build (`run --target`): its name in the target file; nodes it cannot reach are absent. */
  target?: string;
  /** The Kerberos principal of a tenant (default: `<tenant>@SHIELDLAB.TEST`, the harness's own realm). */
  tenantPrincipal?: (tenant: string) => string;
  /** How spark-defaults.conf is written for a profile (default: rendered from the topology and profile). */
  sparkDefaultsFor?: (t: Topology, p: SecurityProfile) => string;
  /**
   * The daemon logs a cluster publishes itself (a target's /logs/ servlets), node → text, for nodes the harness has no
   * container of; collectLogs writes them as <node>.log.
   */
  publishedDaemonLogs?: () => Promise<{ logs: Record<string, string>; problems: string[] }>;
  /** Removes the containers, network and volume; absent for a cluster found by attach (`shieldlab down` removes it). */
  stop?: () => Promise<void>;
}

/** How the harness reaches a Spark standalone cluster's master. */
export interface StandaloneAccess {
  /** spark://<master host>:7077 */
  masterUrl: string;
  /** The master's web UI, from this machine (http://<ip>:8080). */
  webUrl: string;
  /** The master's REST submission server as the cluster's nodes name it (http://<master host>:6066). */
  restUrl: string;
  /** The Spark release the cluster runs. */
  sparkVersion: string;
  /** The master's JSON state (/json/): workers, applications, drivers. */
  state(): Promise<MasterState>;
  /**
   * With the UIs and REST behind JWSFilter (topology `jws`): a valid bearer token, signed with the cluster's key (a
   * secret: never logged, redacted from artifacts); undefined otherwise.
   */
  bearerToken(): Promise<string | undefined>;
}

export interface MasterState {
  status: string;
  workers: Array<{ id: string; host: string; state: string; cores: number; memory: number }>;
  activeapps: Array<{ id: string; name: string; user: string; state: string; starttime?: number }>;
  completedapps: Array<{ id: string; name: string; user: string; state: string }>;
  activedrivers?: Array<{ id: string; state: string; worker?: string; mainclass?: string }>;
  completeddrivers?: Array<{ id: string; state: string; worker?: string; mainclass?: string }>;
}

export class StartedCluster implements AsyncDisposable {
  readonly sessionId: string;
  readonly image: string;
  readonly topology: Topology;
  readonly profile: SecurityProfile & { name: string };
  readonly config: ClusterConfigFiles;
  readonly nodes: readonly ClusterNode[];
  readonly #rm: RmClient | undefined;
  /** Set on a Spark standalone cluster. */
  readonly standalone: StandaloneAccess | undefined;
  readonly networkName: string;
  readonly hosts: ClusterHosts;
  readonly secrets?: ClusterSecrets;
  readonly secretRegistry: SecretRegistry;
  readonly log: Logger;
  /** Set on a cluster the harness did not build: the target file's name for it. */
  readonly target: string | undefined;
  readonly #tenantPrincipal: (tenant: string) => string;
  readonly #sparkDefaultsFor: ((t: Topology, p: SecurityProfile) => string) | undefined;
  /** When true, dispose leaves the containers running (`--keep`). */
  keep: boolean;
  readonly #layers: StartedLayer[] = [];
  readonly #jvm: JvmStart;
  readonly #layerSparkDefaults: Array<[string, string]>;
  readonly #stop: (() => Promise<void>) | undefined;
  readonly #publishedDaemonLogs: StartedClusterInit["publishedDaemonLogs"];
  #stopping: Promise<void> | undefined;

  constructor(init: StartedClusterInit) {
    this.sessionId = init.sessionId;
    this.image = init.image;
    this.topology = init.topology;
    this.profile = init.profile;
    this.config = init.config;
    this.nodes = init.nodes;
    this.#rm = init.rm;
    this.standalone = init.standalone;
    this.keep = init.keep;
    this.networkName = init.networkName;
    this.hosts = init.hosts;
    this.secrets = init.secrets;
    this.secretRegistry = init.secretRegistry ?? new SecretRegistry(init.sessionId);
    this.#jvm = init.jvm ?? "fast-start";
    this.#layerSparkDefaults = init.layerSparkDefaults ?? [];
    this.log = init.log;
    this.target = init.target;
    this.#tenantPrincipal = init.tenantPrincipal ?? tenantPrincipal;
    this.#sparkDefaultsFor = init.sparkDefaultsFor;
    this.#stop = init.stop;
    this.#publishedDaemonLogs = init.publishedDaemonLogs;
  }

  /**
   * spark-defaults.conf for a security profile on this cluster: the profile's Spark settings with this cluster's
   * generated secrets and JVM start-up, then what the layers added. Holds passwords: never log it.
   */
  sparkDefaultsFor(t: Topology, p: SecurityProfile): string {
    if (this.#sparkDefaultsFor) return this.#sparkDefaultsFor(t, p);
    return renderSparkDefaults([...sparkDefaults(t, p, this.secrets, this.#jvm), ...this.#layerSparkDefaults]);
  }

  /** A tenant's Kerberos principal on this cluster (its realm's). */
  tenantPrincipal(tenant: string): string {
    return this.#tenantPrincipal(tenant);
  }

  /** The ResourceManager's client; a standalone cluster has none (a YARN step on it is a harness bug, refused at load). */
  get rm(): RmClient {
    if (!this.#rm) throw new HarnessError("INVALID_INPUT", `cluster ${this.sessionId} is a Spark standalone cluster: it has no ResourceManager`);
    return this.#rm;
  }

  /** "yarn" or "standalone". */
  get manager(): "yarn" | "standalone" {
    return this.standalone ? "standalone" : "yarn";
  }

  /** The started layers, in start order. */
  get layers(): readonly StartedLayer[] {
    return this.#layers;
  }

  /** Registers started layers (the builder and attach do, after the daemons are ready). */
  addLayers(layers: readonly StartedLayer[]): void {
    this.#layers.push(...layers);
  }

  /** The first started layer of a kind, e.g. `cluster.layer(ATTESTATION_LAYER)`. */
  layer<S extends StartedLayer>(key: LayerKey<S>): S | undefined {
    return this.#layers.find((l) => l.key === key) as S | undefined;
  }

  /** The Spark confs every submit on this cluster gets: each layer's, in start order (a later layer wins a key). */
  sparkConf(): Record<string, string> {
    return Object.assign({}, ...this.#layers.map((l) => l.sparkConf?.() ?? {}));
  }

  node(name: string): ClusterNode {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new HarnessError("INVALID_INPUT", `no node ${JSON.stringify(name)} in cluster ${this.sessionId}; nodes: ${this.nodes.map((x) => x.name).join(", ")}`);
    return n;
  }

  get nodeManagers(): ClusterNode[] {
    return this.nodes.filter((n) => n.role === "nodemanager");
  }

  /**
   * A container to start beside the cluster (verifier, man-in-the-middle proxy): the cluster's image, named
   * `<prefix>-<node>` with the host name `<prefix>-<node>.<domain>` (both resolvable on the cluster network), labelled with the session for reaping.
   */
  sidecar(node: string, role: string): GenericContainer {
    return new GenericContainer(this.image)
      .withName(containerNameOf(this.hosts, node))
      .withHostname(hostOf(this.hosts, node))
      .withNetworkMode(this.networkName)
      .withLabels({ ...sessionLabels(this.sessionId, role, this.keep), [NODE_LABEL]: node });
  }

  /** The Docker volume a layer gave a node (ClusterPlan.addVolume), for a sidecar that mounts it too. */
  volumeName(node: string, name: string): string {
    return nodeVolumeName(this.sessionId, node, name);
  }

  exec(node: string, cmd: string[], options?: ExecOptions): Promise<ExecResult> {
    return containerExec(this.node(node).containerId, cmd, options);
  }

  /** The node's address on the cluster network (reachable from this host over the bridge). */
  async ipOf(node: string): Promise<string> {
    const info = await docker().getContainer(this.node(node).containerId).inspect();
    const ip = info.NetworkSettings.Networks[this.networkName]?.IPAddress;
    if (!ip) throw new HarnessError("CLUSTER_NOT_READY", `${node} has no address on ${this.networkName}`);
    return ip;
  }

  /** The daemon's console log (docker logs) of a node. */
  async daemonLog(node: string): Promise<string> {
    const buf = (await docker().getContainer(this.node(node).containerId).logs({ stdout: true, stderr: true })) as unknown as Buffer;
    return demuxToText(buf);
  }

  /**
   * Copies every node's daemon log into `dir/<node>.log`, and the YARN container logs (userlogs) of the given
   * apps into `dir/<node>/<appId>/` — all of /var/log/hadoop when no app is named — with the cluster's generated
   * secrets redacted in place (launch_container.sh carries the keystore passwords). Never throws.
   */
  async collectLogs(dir: string, appIds?: string[]): Promise<string[]> {
    mkdirSync(dir, { recursive: true });
    const problems: string[] = [];
    await Promise.all(
      this.nodes.map(async (n) => {
        try {
          writeFileSync(join(dir, `${n.name}.log`), await this.daemonLog(n.name));
        } catch (e) {
          problems.push(`${n.name} daemon log: ${(e as Error).message}`);
        }
        // a standalone worker keeps each executor's and driver's stdout/stderr under its work dir
        if (n.role === "worker") {
          const r = await execa("docker", ["cp", `${n.containerId}:${STANDALONE_WORK_DIR}`, join(dir, n.name)], { reject: false });
          if (r.exitCode !== 0 && !/Could not find the file/.test(r.stderr)) problems.push(`${n.name} ${STANDALONE_WORK_DIR}: ${r.stderr.trim()}`);
          return;
        }
        if (n.role !== "nodemanager") return;
        const sources = appIds === undefined ? [["/var/log/hadoop", join(dir, n.name)]] : appIds.map((a) => [`${NM_LOG_DIR}/${a}`, join(dir, n.name, a)]);
        for (const [src, dest] of sources) {
          mkdirSync(join(dest!, ".."), { recursive: true });
          const r = await execa("docker", ["cp", `${n.containerId}:${src}`, dest!], { reject: false });
          // an app that ran no container on this node has no folder there: not a problem
          if (r.exitCode !== 0 && !/No such container:path|Could not find the file/.test(r.stderr)) problems.push(`${n.name} ${src}: ${r.stderr.trim()}`);
        }
      }),
    );
    if (this.#publishedDaemonLogs) {
      const published = await this.#publishedDaemonLogs().catch((e: unknown) => ({ logs: {}, problems: [`published daemon logs: ${(e as Error).message}`] }));
      for (const [node, text] of Object.entries(published.logs)) if (!this.nodes.some((n) => n.name === node)) writeFileSync(join(dir, `${node}.log`), text);
      problems.push(...published.problems);
    }
    problems.push(...redactArtifactTree(dir, this.secretRegistry.list()).problems);
    if (problems.length > 0) writeFileSync(join(dir, "collection-problems.txt"), problems.join("\n"));
    return problems;
  }

  /** Stops the layers (newest first), then removes every container, the network and the shared volume. */
  stop(): Promise<void> {
    if (!this.#stop) return Promise.reject(new HarnessError("INVALID_INPUT", `cluster ${this.sessionId} was attached; it is stopped with \`shieldlab down\``));
    // every caller (the lane, Ctrl-C) waits for the one teardown
    this.#stopping ??= this.#teardown(this.#stop);
    return this.#stopping;
  }

  async #teardown(removeContainers: () => Promise<void>): Promise<void> {
    const problems = await stopLayers(this.#layers);
    if (problems.length > 0) this.log.warn({ problems }, "some layers did not stop cleanly");
    await removeContainers();
    this.log.info("cluster stopped");
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.keep) await this.stop();
  }
}
