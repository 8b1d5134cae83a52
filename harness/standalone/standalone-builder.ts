// Topology + security profile → a started Spark standalone cluster: a master, N workers and a gateway on a labelled
// network, every node with the same spark-defaults.conf (the cluster's one secret included). The result is a
// StartedCluster (exec, logs, captures, teardown work as on YARN) whose `standalone` field reaches the master.
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { HarnessError, tailLines } from "../errors/harness-error.ts";
import { docker } from "../engine/docker-engine.ts";
import { reap } from "../engine/reaper.ts";
import { CLUSTER_LABEL, NODE_LABEL, newSessionId, sessionLabels } from "../engine/session.ts";
import type { Logger } from "../log/logger.ts";
import { silentLogger } from "../log/logger.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { harnessJws } from "./jws-token.ts";
import { giveUp, notYet, ready, waitUntil } from "../util/wait-until.ts";
import { GATEWAY_NODE, RPC_KEYSTORE, SHARED_DIR, clusterHosts, clusterNetworkName, containerNameOf, hostOf } from "../cluster/cluster-config.ts";
import { containerLogTail, startFailure } from "../cluster/cluster-builder.ts";
import type { ClusterNode } from "../cluster/node-roles.ts";
import { resolveProfile, type SecurityProfile } from "../cluster/security-profile.ts";
import { StartedCluster, type MasterState } from "../cluster/started-cluster.ts";
import { MASTER_NODE, parseTopology, workerNames, type Topology } from "../cluster/topology.ts";
import { MARKER_JAR } from "./marker-jar.ts";
import { MASTER_REST_PORT, MASTER_WEB_PORT, daemonJvmEnv, masterCommand, renderStandaloneDefaults, restEnabled, standaloneEnv, workerCommand, type StandaloneSecrets } from "./standalone-config.ts";

export interface StandaloneBuilderOptions {
  image: string;
  /** The Spark release the image carries (REST default, Scala line). */
  sparkVersion: string;
  scala: string;
  /** The marker jar on this machine (markerJar()), copied into every node. */
  markerJar: string;
  /** The image's Java: 8 (spark-legacy, no class-data sharing archive) or 11/17 (hadoop-spark, with one). */
  javaMajor: number;
}

export class StandaloneClusterBuilder {
  #topology: Topology = parseTopology({ manager: "standalone" });
  #profile: SecurityProfile & { name: string } = resolveProfile("plain");
  #sessionId = newSessionId();
  #keep = false;
  #log: Logger = silentLogger;
  #readyTimeoutMs = 120_000;

  constructor(private readonly options: StandaloneBuilderOptions) {}

  withTopology(t: unknown): this {
    const topology = parseTopology(t);
    if (topology.manager !== "standalone") throw new HarnessError("INVALID_INPUT", 'a standalone cluster needs topology.manager: "standalone"');
    this.#topology = topology;
    return this;
  }

  withSecurity(ref: unknown): this {
    this.#profile = resolveProfile(ref);
    return this;
  }

  withSessionId(id: string): this {
    this.#sessionId = id;
    return this;
  }

  withKeep(keep = true): this {
    this.#keep = keep;
    return this;
  }

  withLogger(log: Logger): this {
    this.#log = log;
    return this;
  }

  withReadyTimeout(ms: number): this {
    this.#readyTimeoutMs = ms;
    return this;
  }

  async start(): Promise<StartedCluster> {
    const session = this.#sessionId;
    const log = this.#log.child({ session });
    const hosts = clusterHosts(session);
    const masterHost = hostOf(hosts, MASTER_NODE);
    const t = this.#topology;
    const p = this.#profile;
    if (t.jws && Number(this.options.sparkVersion.split(".")[0]) < 4)
      throw new HarnessError("INVALID_INPUT", `topology jws: Spark ${this.options.sparkVersion} has no org.apache.spark.ui.JWSFilter (it came with 4.0)`, { hint: "use a Spark 4.x release (--spark 4.0.5), or leave jws out" });
    const secretRegistry = new SecretRegistry(session);
    const secrets: StandaloneSecrets = {
      ...(p.sparkAuth ? { authSecret: secretRegistry.generate("spark-authenticate-secret") } : {}),
      ...(p.rpcTls ? { keystorePassword: secretRegistry.generate("keystore-password") } : {}),
      ...(t.jws ? { jwsKey: secretRegistry.generate("jws-key", 32) } : {}),
    };
    // the harness's own token (its /json/ reads, and a step's "valid token"), redacted like the key
    const bearer = secrets.jwsKey ? secretRegistry.add("jws-token", harnessJws(secrets.jwsKey)) : undefined;
    const jvm = this.options.javaMajor >= 11 ? "fast-start-cds" : "fast-start";
    const defaults = renderStandaloneDefaults(t, p, masterHost, secrets, jvm);
    const networkName = clusterNetworkName(session);
    const volume = `shieldlab-shared-${session}`;
    const started: StartedTestContainer[] = [];
    let networkCreated = false;
    const cleanup = async (): Promise<void> => {
      await Promise.allSettled(started.map((c) => c.stop({ timeout: 2_000, remove: true, removeVolumes: true })));
      if (networkCreated) await docker().getNetwork(networkName).remove().catch(() => undefined);
      await reap({ sessionId: session });
      await docker().getVolume(volume).remove().catch(() => undefined);
    };
    const description = JSON.stringify({ topology: t, profile: p, spark: this.options.sparkVersion });
    const container = (node: string, role: ClusterNode["role"], cmd: string[]): GenericContainer =>
      new GenericContainer(this.options.image)
        .withName(containerNameOf(hosts, node))
        .withHostname(hostOf(hosts, node))
        .withNetworkMode(networkName)
        .withLabels({ ...sessionLabels(session, role, this.#keep), [NODE_LABEL]: node, ...(role === "master" ? { [CLUSTER_LABEL]: description } : {}) })
        .withEnvironment({ ...standaloneEnv(this.options.scala), ...daemonJvmEnv(jvm) })
        .withCopyContentToContainer([{ content: defaults, target: "/opt/spark/conf/spark-defaults.conf", mode: 0o644 }])
        .withCopyFilesToContainer([{ source: this.options.markerJar, target: MARKER_JAR, mode: 0o644 }])
        .withBindMounts([{ source: volume, target: SHARED_DIR, mode: "rw" }])
        .withCommand(cmd)
        .withStartupTimeout(90_000);
    let daemonsReady = false;
    try {
      await docker().createNetwork({ Name: networkName, Driver: "bridge", Labels: sessionLabels(session, "network", this.#keep) });
      networkCreated = true;
      await docker().createVolume({ Name: volume, Labels: sessionLabels(session, "shared", this.#keep) });
      log.info({ topology: t, profile: p.name, spark: this.options.sparkVersion }, "starting standalone cluster");
      const startNode = async (c: GenericContainer): Promise<StartedTestContainer> => {
        const s = await c.start();
        started.push(s);
        return s;
      };
      // the TLS keystore must exist before any daemon reads it: made first, on the shared volume, by a helper run of the image
      if (p.rpcTls) await makeKeystore(this.options.image, volume, secrets.keystorePassword!, session);
      const master = await startNode(container(MASTER_NODE, "master", masterCommand(masterHost)));
      const workers = workerNames(t);
      const [workerContainers, gateway] = await Promise.all([
        Promise.all(workers.map((w) => startNode(container(w, "worker", workerCommand(hostOf(hosts, w), masterHost))))),
        startNode(container(GATEWAY_NODE, "gateway", ["sleep", "infinity"])),
      ]);
      const nodes: ClusterNode[] = [
        { name: MASTER_NODE, host: masterHost, role: "master", containerId: master.getId() },
        ...workers.map((w, i) => ({ name: w, host: hostOf(hosts, w), role: "worker" as const, containerId: workerContainers[i]!.getId() })),
        { name: GATEWAY_NODE, host: hosts.gateway, role: "gateway", containerId: gateway.getId() },
      ];
      const masterIp = (await docker().getContainer(master.getId()).inspect()).NetworkSettings.Networks[networkName]?.IPAddress;
      if (!masterIp) throw new Error(`the master container has no address on ${networkName}`);
      const webUrl = `http://${masterIp}:${MASTER_WEB_PORT}`;
      const cluster = new StartedCluster({
        sessionId: session,
        image: this.options.image,
        topology: t,
        profile: p,
        config: { hadoop: {}, spark: { "spark-defaults.conf": defaults } },
        nodes,
        standalone: {
          masterUrl: `spark://${masterHost}:7077`,
          webUrl,
          restUrl: `http://${masterHost}:${MASTER_REST_PORT}`,
          sparkVersion: this.options.sparkVersion,
          state: () => masterState(webUrl, bearer),
          bearerToken: async () => bearer,
        },
        keep: this.#keep,
        networkName,
        hosts,
        secretRegistry,
        log,
        stop: cleanup,
      });
      await this.#waitForWorkers(cluster, workers.length);
      daemonsReady = true;
      log.info({ master: cluster.standalone!.masterUrl, rest: restEnabled(t, this.options.sparkVersion) }, "standalone cluster ready");
      return cluster;
    } catch (e) {
      const tails = await Promise.all(started.map((c) => containerLogTail(c.getId())));
      await cleanup();
      throw startFailure(e, session, daemonsReady, tails.filter(Boolean).join("\n"));
    }
  }

  async #waitForWorkers(cluster: StartedCluster, want: number): Promise<void> {
    await waitUntil(
      {
        what: `an ALIVE standalone master with ${want} worker(s) ALIVE in ${cluster.sessionId}`,
        timeoutMs: this.#readyTimeoutMs,
        intervalMs: 250,
        code: "CLUSTER_NOT_READY",
        logTail: async () => (await Promise.all(cluster.nodes.filter((n) => n.role !== "gateway").map((n) => containerLogTail(n.containerId, 8, n.name)))).join("\n"),
      },
      async () => {
        let state: MasterState;
        try {
          state = await cluster.standalone!.state();
        } catch (e) {
          const s = (await docker().getContainer(cluster.node(MASTER_NODE).containerId).inspect()).State;
          if (!s.Running) return giveUp(`the master exited (status ${s.ExitCode})`);
          throw e;
        }
        const alive = state.workers.filter((w) => w.state === "ALIVE").length;
        if (state.status !== "ALIVE") return notYet(`master ${state.status}`);
        return alive >= want ? ready(alive) : notYet(`${alive} of ${want} workers ALIVE`);
      },
    );
  }
}

/** The master's /json/ state, read from this machine (with the bearer token when its UI is behind JWSFilter). */
export async function masterState(webUrl: string, bearer?: string): Promise<MasterState> {
  const r = await fetch(`${webUrl}/json/`, { signal: AbortSignal.timeout(5_000), ...(bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : {}) });
  if (!r.ok) throw new Error(`${webUrl}/json/ answered ${r.status}`);
  return (await r.json()) as MasterState;
}

/** The RPC TLS keystore on the shared volume, made by keytool in a throw-away container of the image. */
async function makeKeystore(image: string, volume: string, password: string, session: string): Promise<void> {
  const dir = RPC_KEYSTORE.slice(0, RPC_KEYSTORE.lastIndexOf("/"));
  const c = await new GenericContainer(image)
    .withLabels(sessionLabels(session, "keytool"))
    .withBindMounts([{ source: volume, target: SHARED_DIR, mode: "rw" }])
    .withEnvironment({ KS_PW: password })
    .withCommand(["sleep", "infinity"])
    .start();
  try {
    const r = await c.exec(["bash", "-c", `mkdir -p ${dir} && keytool -genkeypair -alias spark-rpc -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -dname CN=shieldlab-spark-rpc -validity 2 -storetype PKCS12 -keystore ${RPC_KEYSTORE} -storepass:env KS_PW -keypass:env KS_PW && chmod 0755 ${dir} && chmod 0644 ${RPC_KEYSTORE}`]);
    if (r.exitCode !== 0) throw new HarnessError("CLUSTER_START_FAILED", `keytool could not create the RPC keystore: exit ${r.exitCode}`, { logTail: tailLines(r.output) });
  } finally {
    await c.stop({ timeout: 1_000, remove: true });
  }
}
