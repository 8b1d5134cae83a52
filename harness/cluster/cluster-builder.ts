// Topology + security profile + layers → a started cluster: RM, N NodeManagers and a gateway on a labelled network,
// then each layer started once the daemons are ready.
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { HarnessError, tailLines } from "../errors/harness-error.ts";
import { docker } from "../engine/docker-engine.ts";
import { reap } from "../engine/reaper.ts";
import { CLUSTER_LABEL, NODE_LABEL, newSessionId, sessionLabels } from "../engine/session.ts";
import type { Logger } from "../log/logger.ts";
import { silentLogger } from "../log/logger.ts";
import { RmClient } from "../yarn/rm-client.ts";
import { spnegoTransport } from "../yarn/spnego-transport.ts";
import { containerExec } from "../engine/container-exec.ts";
import { HARNESS_CCACHE, HARNESS_KEYTAB, HARNESS_PRINCIPAL, tenantCcache, tenantKeytab, tenantPrincipal } from "./secure-mode.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { giveUp, notYet, ready, waitUntil } from "../util/wait-until.ts";
import { GATEWAY_NODE, RM_NODE, RPC_KEYSTORE, RM_WEB_PORT, SHARED_DIR, clusterHosts, type ClusterHosts, clusterNetworkName, containerNameOf, hostOf, renderClusterConfig, sparkDefaults, type JvmStart } from "./cluster-config.ts";
import type { ClusterLayer, PlanEnvironment } from "./cluster-layer.ts";
import { ClusterPlan, nodeVolumeName, type NodeSpec } from "./cluster-plan.ts";
import { startLayered } from "./layer-lifecycle.ts";
import type { ClusterNode } from "./node-roles.ts";
import { needsKeystore, resolveProfile, type SecurityProfile } from "./security-profile.ts";
import { StartedCluster } from "./started-cluster.ts";
import { applyNodeLabels } from "./node-labels.ts";
import { dedicatedNodes, parseTopology, type Topology } from "./topology.ts";

export interface ClusterBuilderOptions {
  image: string;
}

export class ClusterBuilder {
  #topology: Topology = parseTopology({});
  #profile: SecurityProfile & { name: string } = resolveProfile("plain");
  #sessionId = newSessionId();
  #keep = false;
  #log: Logger = silentLogger;
  #readyTimeoutMs = 120_000;
  #rpcKeystore = false;
  #jvm: JvmStart = "fast-start";
  readonly #layers: ClusterLayer[] = [];

  constructor(private readonly options: ClusterBuilderOptions) {}

  withTopology(t: unknown): this {
    this.#topology = parseTopology(t);
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

  /** Labels the cluster so start-up reaping leaves it alone (`shieldlab up --keep`). */
  withKeep(keep = true): this {
    this.#keep = keep;
    return this;
  }

  withLogger(log: Logger): this {
    this.#log = log;
    return this;
  }

  /** How Spark's JVMs start: "fast-start" (default, C1 only) or "full-jit" (benchmarks that measure throughput). */
  withJvmStart(jvm: JvmStart): this {
    this.#jvm = jvm;
    return this;
  }

  /** Generate the RPC TLS keystore even when the profile does not use it (benchmarks switch profiles per job). */
  withRpcKeystore(on = true): this {
    this.#rpcKeystore = on;
    return this;
  }

  /** A layer (attestation, capture, proxy, KDC): configured before the daemons start, started after they are ready. */
  withLayer(layer: ClusterLayer | undefined): this {
    if (layer) this.#layers.push(layer);
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
    // every secret this cluster generates is registered here, so collected artifacts can be redacted
    const secretRegistry = new SecretRegistry(session);
    const secrets = { keystorePassword: secretRegistry.generate("keystore-password") };
    const plan = new ClusterPlan(session, this.#topology, this.#profile, hosts, renderClusterConfig(this.#topology, this.#profile, hosts, secrets, this.#jvm), sparkDefaults(this.#topology, this.#profile, secrets, this.#jvm));
    const started: StartedTestContainer[] = [];
    const networkName = clusterNetworkName(session);
    const volume = `shieldlab-shared-${session}`;
    let networkCreated = false;
    const cleanup = async (): Promise<void> => {
      await Promise.allSettled(started.map((c) => c.stop({ timeout: 2_000, remove: true, removeVolumes: true })));
      if (networkCreated) await docker().getNetwork(networkName).remove().catch(() => undefined);
      // sidecars (sniffers, attackers) carry the session label too
      await reap({ sessionId: session });
      await docker().getVolume(volume).remove().catch(() => undefined);
    };
    // an exec that Docker could not run while the daemons come up is a start failure; once layers start, it is theirs
    let daemonsReady = false;
    const network = async (): Promise<PlanEnvironment> => {
      // our own network (testcontainers' Network cannot carry labels): reaping finds it by label; its name is the DNS domain
      await docker().createNetwork({ Name: networkName, Driver: "bridge", Labels: sessionLabels(session, "network", this.#keep) });
      networkCreated = true;
      await docker().createVolume({ Name: volume, Labels: sessionLabels(session, "shared", this.#keep) });
      // the nodes' own volumes (a layer's, shared with its sidecar); reaping removes them by their labels
      for (const spec of plan.nodes)
        for (const v of spec.volumes) await docker().createVolume({ Name: nodeVolumeName(session, spec.name, v.name), Labels: { ...sessionLabels(session, "node-volume", this.#keep), [NODE_LABEL]: spec.name } });
      return {
        networkName,
        image: this.options.image,
        containerName: (node) => containerNameOf(hosts, node),
        host: (node) => hostOf(hosts, node),
        labels: (role, node) => ({ ...sessionLabels(session, role, this.#keep), [NODE_LABEL]: node }),
      };
    };
    const daemons = async (plan: ClusterPlan): Promise<StartedCluster> => {
      const description = JSON.stringify({ topology: this.#topology, profile: this.#profile, layers: plan.descriptions });

      const container = (spec: NodeSpec): GenericContainer => {
        // no network aliases: testcontainers would attach the default bridge first, leaving a stale /etc/hosts;
        // the container name is the host name, and Docker's DNS resolves it on our network
        const c = new GenericContainer(this.options.image)
          .withName(containerNameOf(hosts, spec.name))
          .withHostname(hostOf(hosts, spec.name))
          .withNetworkMode(networkName)
          .withLabels({
            ...sessionLabels(session, spec.role, this.#keep),
            [NODE_LABEL]: spec.name,
            ...(spec.role === "resourcemanager" ? { [CLUSTER_LABEL]: description } : {}),
          })
          .withCopyContentToContainer(plan.filesOf(spec).map(({ owner: _o, ...f }) => f))
          .withBindMounts([{ source: volume, target: SHARED_DIR, mode: "rw" }, ...spec.volumes.map((v) => ({ source: nodeVolumeName(session, spec.name, v.name), target: v.target, mode: "rw" as const }))])
          .withStartupTimeout(90_000);
        if (Object.keys(spec.env).length > 0) c.withEnvironment(spec.env);
        if (spec.capabilities.length > 0) c.withAddedCapabilities(...spec.capabilities);
        return c;
      };

      log.info({ topology: this.#topology, profile: this.#profile.name, layers: this.#layers.map((l) => l.key.name) }, "starting cluster");
      const startNode = async (c: GenericContainer, spec: NodeSpec): Promise<StartedTestContainer> => {
        const s = await c.start();
        started.push(s);
        // files a tenant owns (its keytab): chown once the container runs (a copy cannot set the owner)
        const owned = spec.files.filter((f) => f.owner);
        if (owned.length > 0) {
          const r = await s.exec(["bash", "-c", owned.map((f) => `chown ${f.owner}:${f.owner} '${f.target}'`).join(" && ")]);
          if (r.exitCode !== 0) throw new HarnessError("CLUSTER_START_FAILED", `could not hand files to their owners on ${spec.name}: ${r.output.trim().slice(0, 300)}`);
        }
        return s;
      };
      // Every daemon starts at once: the NodeManagers' JVMs come up while the ResourceManager's does and retry it until
      // it listens (Hadoop RPC's own connect retries, then YARN's pause between rounds, 250 ms instead of 30 s:
      // yarn.nodemanager.resourcemanager.connect.retry-interval.ms). The RM container is created first so that its
      // name resolves; the wait for the NodeManagers RUNNING below is the readiness check (and notices a dead RM).
      const rm = await startNode(container(plan.node(RM_NODE)).withCommand(["yarn-daemon", "resourcemanager"]), plan.node(RM_NODE));
      const nmSpecs = plan.withRole("nodemanager");
      const [nms, gateway] = await Promise.all([
        Promise.all(nmSpecs.map((spec) => startNode(container(spec).withCommand(["yarn-daemon", "nodemanager"]), spec))),
        startNode(container(plan.node(GATEWAY_NODE)).withCommand(["sleep", "infinity"]), plan.node(GATEWAY_NODE)),
      ]);

      const nodes: ClusterNode[] = [
        { name: RM_NODE, host: hosts.rm, role: "resourcemanager", containerId: rm.getId() },
        ...nms.map((c, i) => ({ name: nmSpecs[i]!.name, host: hostOf(hosts, nmSpecs[i]!.name), role: "nodemanager" as const, containerId: c.getId() })),
        { name: GATEWAY_NODE, host: hosts.gateway, role: "gateway", containerId: gateway.getId() },
      ];
      const rmIp = (await docker().getContainer(rm.getId()).inspect()).NetworkSettings.Networks[networkName]?.IPAddress;
      if (!rmIp) throw new Error(`the ResourceManager container has no address on ${networkName}`);
      const cluster = new StartedCluster({
        sessionId: session,
        image: this.options.image,
        topology: this.#topology,
        profile: this.#profile,
        config: plan.config,
        nodes,
        rm: rmClientFor(this.#profile, hosts, rmIp, gateway.getId()),
        keep: this.#keep,
        networkName,
        hosts,
        secrets,
        secretRegistry,
        jvm: this.#jvm,
        layerSparkDefaults: plan.layerSparkDefaults,
        log,
        stop: cleanup,
      });
      // the shared staging root must be writable by every tenant (Spark creates <stagingDir>/<user>/.sparkStaging)
      await startupExec(cluster, GATEWAY_NODE, ["bash", "-c", `mkdir -p ${SHARED_DIR}/staging && chmod 1777 ${SHARED_DIR}/staging`], "the shared staging folder");
      // the keystore (keytool on the gateway) is made while the NodeManagers register; a keytool failure is thrown
      // once they have (or the wait's own error first), never left as an unhandled rejection
      const keystore = needsKeystore(this.#profile) || this.#rpcKeystore ? generateRpcKeystore(cluster, secrets.keystorePassword) : Promise.resolve();
      keystore.catch(() => undefined);
      await this.#waitForNodeManagers(cluster);
      await keystore;
      // dedicatedNodes: each tenant's exclusive node label onto its NodeManager (yarn rmadmin), seen by the RM
      if (dedicatedNodes(this.#topology).length > 0) await applyNodeLabels(cluster);
      daemonsReady = true;
      return cluster;
    };
    try {
      const cluster = await startLayered(this.#layers, plan, { network, start: daemons });
      log.info({ rmUrl: cluster.rm.baseUrl, layers: cluster.layers.map((l) => l.key.name) }, "cluster ready");
      return cluster;
    } catch (e) {
      const tails = await Promise.all(started.map((c) => containerLogTail(c.getId())));
      await cleanup();
      throw startFailure(e, session, daemonsReady, tails.filter(Boolean).join("\n"));
    }
  }

  async #waitForNodeManagers(cluster: StartedCluster): Promise<void> {
    const want = this.#topology.nodeManagers;
    await waitUntil(
      {
        what: `an ACTIVE ResourceManager with ${want} NodeManager(s) RUNNING in ${cluster.sessionId}`,
        timeoutMs: this.#readyTimeoutMs,
        intervalMs: 500,
        code: "CLUSTER_NOT_READY",
        logTail: async () => (await Promise.all(cluster.nodes.filter((n) => n.role !== "gateway").map((n) => containerLogTail(n.containerId, 8, n.name)))).join("\n"),
      },
      async () => {
        let running: number;
        let haState: string | undefined;
        try {
          running = (await cluster.rm.nodes("RUNNING")).length;
          // NodeManagers register before the RM has become active; a client that comes before that (yarn rmadmin,
          // spark-submit) is told "not active" and waits out YARN's 30 s between connection retries
          if (running >= want) haState = await cluster.rm.haState();
        } catch (e) {
          // the RM does not answer yet — or never will: the daemons start together, so a dead RM shows up here
          const state = (await docker().getContainer(cluster.node(RM_NODE).containerId).inspect()).State;
          if (!state.Running) return giveUp(`the ResourceManager exited (status ${state.ExitCode})`);
          throw e;
        }
        if (running < want) return notYet(`${running} of ${want} RUNNING`);
        return haState === "ACTIVE" ? ready(running) : notYet(`${running} of ${want} RUNNING, the ResourceManager ${haState ?? "without an HA state"}`);
      },
    );
  }
}

/**
 * What a failed start throws: a coded HarnessError as it is (a layer's, CLUSTER_NOT_READY, …), except an exec Docker
 * could not run while the daemons came up, which, like any uncoded error, is CLUSTER_START_FAILED with the nodes' logs.
 */
export function startFailure(e: unknown, session: string, daemonsReady: boolean, logTail: string): HarnessError {
  if (e instanceof HarnessError && (daemonsReady || e.code !== "EXEC_FAILED")) return e;
  return new HarnessError("CLUSTER_START_FAILED", `cluster ${session} did not start: ${(e as Error)?.message ?? String(e)}`, { cause: e, logTail });
}

/**
 * The harness's RM client: plain HTTP to the RM's address, or — with SPNEGO on the RM — curl --negotiate on the
 * gateway, with the harness's admin ticket or the calling tenant's own.
 */
export function rmClientFor(profile: SecurityProfile, hosts: ClusterHosts, rmIp: string, gatewayId: string): RmClient {
  const plainUrl = `http://${rmIp}:${RM_WEB_PORT}`;
  if (!profile.kerberos?.spnego) return new RmClient(plainUrl);
  const transport = spnegoTransport((cmd, o) => containerExec(gatewayId, cmd, o), {
    baseUrl: `http://${hosts.rm}:${RM_WEB_PORT}`,
    harness: { keytab: HARNESS_KEYTAB, principal: HARNESS_PRINCIPAL, ccache: HARNESS_CCACHE },
    // a cache of its own per tenant: the harness's calls never refresh (or spoil) the cache the tenant's jobs use
    tenant: (user) => ({ keytab: tenantKeytab(user), principal: tenantPrincipal(user), ccache: `${tenantCcache(user)}-rest` }),
  });
  return new RmClient(plainUrl, undefined, transport);
}

/** A set-up command during cluster start; a failure is CLUSTER_START_FAILED (start-up only: later execs choose their own code). */
async function startupExec(cluster: StartedCluster, node: string, cmd: string[], what: string, env?: Record<string, string>): Promise<void> {
  const r = await cluster.exec(node, cmd, { env });
  if (r.exitCode !== 0) throw new HarnessError("CLUSTER_START_FAILED", `${what} on ${node}: exit ${r.exitCode}`, { logTail: tailLines(r.stderr + r.stdout) });
}
/** A self-signed EC key pair for Spark's RPC TLS, made with the image's keytool onto the shared volume. */
async function generateRpcKeystore(cluster: StartedCluster, password: string): Promise<void> {
  const dir = RPC_KEYSTORE.slice(0, RPC_KEYSTORE.lastIndexOf("/"));
  await startupExec(
    cluster,
    GATEWAY_NODE,
    ["bash", "-c", `mkdir -p ${dir} && keytool -genkeypair -alias spark-rpc -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -dname CN=shieldlab-spark-rpc -validity 2 -storetype PKCS12 -keystore ${RPC_KEYSTORE} -storepass:env KS_PW -keypass:env KS_PW && chmod 0755 ${dir} && chmod 0644 ${RPC_KEYSTORE}`],
    "keytool could not create the RPC keystore",
    { KS_PW: password },
  );
}

/** Last lines of a container's own log (the daemon's console), prefixed by its name. */
export async function containerLogTail(containerId: string, lines = 15, name?: string): Promise<string> {
  try {
    const buf = (await docker().getContainer(containerId).logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
    const text = demuxToText(buf);
    const label = name ?? containerId.slice(0, 12);
    return tailLines(text, lines).split("\n").map((l) => `${label}| ${l}`).join("\n");
  } catch {
    return "";
  }
}

/** Docker's multiplexed log format (8-byte frame headers) → plain text. */
export function demuxToText(buf: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i];
    const size = buf.readUInt32BE(i + 4);
    if (type !== 0 && type !== 1 && type !== 2) return buf.toString(); // not multiplexed (tty)
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(parts).toString();
}
