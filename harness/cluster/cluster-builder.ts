// Topology + security profile → a started cluster: RM, N NodeManagers and a gateway on a labelled network.
import { randomBytes } from "node:crypto";
import { GenericContainer, type StartedTestContainer, Wait } from "testcontainers";
import { HarnessError, tailLines } from "../errors/harness-error.ts";
import { docker } from "../engine/docker-engine.ts";
import { reap } from "../engine/reaper.ts";
import { CLUSTER_LABEL, NODE_LABEL, newSessionId, sessionLabels } from "../engine/session.ts";
import type { Logger } from "../log/logger.ts";
import { silentLogger } from "../log/logger.ts";
import { RmClient } from "../yarn/rm-client.ts";
import { GATEWAY_NODE, RM_NODE, RPC_KEYSTORE, RM_WEB_PORT, SHARED_DIR, clusterHosts, hostOf, renderClusterConfig } from "./cluster-config.ts";
import type { ClusterNode, NodeRole } from "./node-roles.ts";
import { resolveProfile, type SecurityProfile } from "./security-profile.ts";
import { StartedCluster } from "./started-cluster.ts";
import { StartedAttestation, type AttestationLayerOptions } from "../attest/host/attestation-layer.ts";
import { applyNodeLabels } from "./node-labels.ts";
import { dedicatedNodes, nodeManagerNames, parseTopology, type Topology } from "./topology.ts";

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
  #attestation: AttestationLayerOptions | undefined;

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

  /** Generate the RPC TLS keystore even when the profile does not use it (benchmarks switch profiles per job). */
  withRpcKeystore(on = true): this {
    this.#rpcKeystore = on;
    return this;
  }

  /** An emulated CCA realm + IMA on every NodeManager and a verifier container (issue 3's attestation layer). */
  withAttestation(o: AttestationLayerOptions | undefined): this {
    this.#attestation = o;
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
    const secrets = { keystorePassword: randomBytes(18).toString("base64url") };
    const files = renderClusterConfig(this.#topology, this.#profile, hosts, secrets);
    const started: StartedTestContainer[] = [];
    const networkName = `shieldlab-${session}`;
    const volume = `shieldlab-shared-${session}`;
    let networkCreated = false;
    const cleanup = async (): Promise<void> => {
      await Promise.allSettled(started.map((c) => c.stop({ timeout: 2_000, remove: true, removeVolumes: true })));
      if (networkCreated) await docker().getNetwork(networkName).remove().catch(() => undefined);
      // sidecars (sniffers, attackers) carry the session label too
      await reap({ sessionId: session });
      await docker().getVolume(volume).remove().catch(() => undefined);
    };
    try {
      // our own network (testcontainers' Network cannot carry labels): reaping finds it by label
      await docker().createNetwork({ Name: networkName, Driver: "bridge", Labels: sessionLabels(session, "network", this.#keep) });
      networkCreated = true;
      await docker().createVolume({ Name: volume, Labels: sessionLabels(session, "shared", this.#keep) });

      const copyConfig = Object.entries(files.hadoop)
        .map(([f, content]) => ({ content, target: `/etc/hadoop/conf/${f}` }))
        .concat(Object.entries(files.spark).map(([f, content]) => ({ content, target: `/opt/spark/conf/${f}` })));

      const container = (name: string, role: NodeRole): GenericContainer =>
        // no network aliases: testcontainers would attach the default bridge first, leaving a stale /etc/hosts;
        // the container name is the host name, and Docker's DNS resolves it on our network
        new GenericContainer(this.options.image)
          .withName(hostOf(hosts, name))
          .withHostname(hostOf(hosts, name))
          .withNetworkMode(networkName)
          .withLabels({
            ...sessionLabels(session, role, this.#keep),
            [NODE_LABEL]: name,
            ...(role === "resourcemanager" ? { [CLUSTER_LABEL]: JSON.stringify({ topology: this.#topology, profile: this.#profile, attestation: this.#attestation }) } : {}),
          })
          .withCopyContentToContainer(copyConfig)
          .withBindMounts([{ source: volume, target: SHARED_DIR, mode: "rw" }])
          .withStartupTimeout(90_000);

      log.info({ topology: this.#topology, profile: this.#profile.name }, "starting cluster");
      const startNode = async (c: GenericContainer): Promise<StartedTestContainer> => {
        const s = await c.start();
        started.push(s);
        return s;
      };
      const rm = await startNode(
        container(RM_NODE, "resourcemanager")
          .withCommand(["yarn-daemon", "resourcemanager"])
          .withWaitStrategy(Wait.forLogMessage(/Transitioned to active state/).withStartupTimeout(90_000)),
      );
      const [nms, gateway] = await Promise.all([
        Promise.all(
          nodeManagerNames(this.#topology).map((name) => {
            const nm = container(name, "nodemanager").withCommand(["yarn-daemon", "nodemanager"]);
            // the emulated IMA watches file opens with fanotify, which needs CAP_SYS_ADMIN in the container;
            // CAP_SYS_PTRACE lets it read each opener's /proc/<pid>/fdinfo (the open mode → IMA's mask)
            return startNode(this.#attestation ? nm.withAddedCapabilities("SYS_ADMIN", "SYS_PTRACE") : nm);
          }),
        ),
        startNode(container(GATEWAY_NODE, "gateway").withCommand(["sleep", "infinity"])),
      ]);

      const nodes: ClusterNode[] = [
        { name: RM_NODE, host: hosts.rm, role: "resourcemanager", containerId: rm.getId() },
        ...nms.map((c, i) => {
          const name = nodeManagerNames(this.#topology)[i]!;
          return { name, host: hostOf(hosts, name), role: "nodemanager" as const, containerId: c.getId() };
        }),
        { name: GATEWAY_NODE, host: hosts.gateway, role: "gateway", containerId: gateway.getId() },
      ];
      const rmIp = (await docker().getContainer(rm.getId()).inspect()).NetworkSettings.Networks[networkName]?.IPAddress;
      if (!rmIp) throw new Error(`the ResourceManager container has no address on ${networkName}`);
      const rmUrl = `http://${rmIp}:${RM_WEB_PORT}`;
      const cluster = new StartedCluster({
        sessionId: session,
        image: this.options.image,
        topology: this.#topology,
        profile: this.#profile,
        config: files,
        nodes,
        rm: new RmClient(rmUrl),
        keep: this.#keep,
        networkName,
        hosts,
        secrets,
        log,
        stop: cleanup,
      });
      // the shared staging root must be writable by every tenant (Spark creates <stagingDir>/<user>/.sparkStaging)
      await cluster.exec(GATEWAY_NODE, ["bash", "-c", `mkdir -p ${SHARED_DIR}/staging && chmod 1777 ${SHARED_DIR}/staging`]);
      if (this.#profile.rpcTls || this.#profile.uiTls || this.#rpcKeystore) await generateRpcKeystore(cluster, secrets.keystorePassword);
      await this.#waitForNodeManagers(cluster);
      // dedicatedNodes: each tenant's exclusive node label onto its NodeManager (yarn rmadmin), seen by the RM
      if (dedicatedNodes(this.#topology).length > 0) await applyNodeLabels(cluster);
      if (this.#attestation) cluster.attestation = await StartedAttestation.start(cluster, this.#attestation);
      log.info({ rmUrl }, "cluster ready");
      return cluster;
    } catch (e) {
      const tails = await Promise.all(started.map((c) => containerLogTail(c.getId())));
      await cleanup();
      if (e instanceof HarnessError) throw e;
      throw new HarnessError("CLUSTER_START_FAILED", `cluster ${session} did not start: ${(e as Error).message}`, {
        cause: e,
        logTail: tails.filter(Boolean).join("\n"),
      });
    }
  }

  async #waitForNodeManagers(cluster: StartedCluster): Promise<void> {
    const want = this.#topology.nodeManagers;
    const deadline = Date.now() + this.#readyTimeoutMs;
    let running = 0;
    while (Date.now() < deadline) {
      running = (await cluster.rm.nodes("RUNNING").catch(() => [])).length;
      if (running >= want) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    const tails = await Promise.all(cluster.nodes.filter((n) => n.role !== "gateway").map((n) => containerLogTail(n.containerId, 8, n.name)));
    throw new HarnessError(
      "CLUSTER_NOT_READY",
      `the ResourceManager reported ${running} of ${want} NodeManagers RUNNING after ${this.#readyTimeoutMs / 1000} s`,
      { logTail: tails.join("\n") },
    );
  }
}

/** A self-signed EC key pair for Spark's RPC TLS, made with the image's keytool onto the shared volume. */
async function generateRpcKeystore(cluster: StartedCluster, password: string): Promise<void> {
  const dir = RPC_KEYSTORE.slice(0, RPC_KEYSTORE.lastIndexOf("/"));
  const r = await cluster.exec(
    GATEWAY_NODE,
    ["bash", "-c", `mkdir -p ${dir} && keytool -genkeypair -alias spark-rpc -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -dname CN=shieldlab-spark-rpc -validity 2 -storetype PKCS12 -keystore ${RPC_KEYSTORE} -storepass:env KS_PW -keypass:env KS_PW && chmod 0755 ${dir} && chmod 0644 ${RPC_KEYSTORE}`],
    { env: { KS_PW: password } },
  );
  if (r.exitCode !== 0) throw new HarnessError("CLUSTER_START_FAILED", `keytool could not create the RPC keystore (exit ${r.exitCode})`, { logTail: tailLines(r.stderr + r.stdout) });
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
