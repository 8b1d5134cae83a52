// Attaches to a YARN cluster the harness did not build, as its target file describes it: the harness's own image
// started as a gateway on the cluster's Docker network (its client conf, Spark conf, krb5.conf and keytabs copied in),
// an RM client on the file's web address (SPNEGO: curl --negotiate on the gateway, like the harness's own clusters),
// then what the cluster says about itself (its /conf, RUNNING NodeManagers, queues). Nodes the harness cannot reach
// are absent; stop() removes the gateway only. Everything about the cluster comes from the target file.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GenericContainer } from "testcontainers";
import { fetchDaemonConf } from "../audit/audit-fetcher.ts";
import { parseConfXml, type ConfMap } from "../audit/conf-dump.ts";
import { GATEWAY_NODE, RM_NODE } from "../cluster/cluster-config.ts";
import { containerLogTail } from "../cluster/cluster-builder.ts";
import { HARNESS_CCACHE, HARNESS_KEYTAB, tenantCcache, tenantKeytab } from "../cluster/secure-mode.ts";
import { StartedCluster } from "../cluster/started-cluster.ts";
import { containerExec } from "../engine/container-exec.ts";
import { docker } from "../engine/docker-engine.ts";
import { NODE_LABEL, newSessionId, sessionLabels } from "../engine/session.ts";
import { HarnessError, tailLines } from "../errors/harness-error.ts";
import { loadManifest } from "../images/manifest.ts";
import type { Logger } from "../log/logger.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { listProblems } from "../util/zod-format.ts";
import { RmClient, fetchTransport, type RmTransport } from "../yarn/rm-client.ts";
import { spnegoTransport } from "../yarn/spnego-transport.ts";
import { readPublishedLogs, type PublishedDaemon } from "./published-daemon-logs.ts";
import { targetFacts, type TargetFacts } from "./target-facts.ts";
import type { Target } from "./target-file.ts";
import { gatewayFiles, gatewayTenantProblems, targetHosts, targetProfile, targetSparkDefaults, targetTopology } from "./target-gateway-plan.ts";

export interface AttachTargetOptions {
  /** The hadoop-spark image of the target file's version pair (built by the caller). */
  image: string;
  /** The image's version pair (scenarios that pin another release do not run). */
  pair: { spark: string; hadoop: string };
  log: Logger;
  sessionId?: string;
}

export interface AttachedTarget {
  cluster: StartedCluster;
  facts: TargetFacts;
}

/** The RM transport of one web address: plain fetch from here, or curl --negotiate on the gateway with the file's identities. */
function transportFor(t: Target, baseUrl: string, gatewayId: string): RmTransport {
  if (t.security.mode !== "kerberos") return fetchTransport(baseUrl);
  const sec = t.security;
  return spnegoTransport((cmd, o) => containerExec(gatewayId, cmd, o), {
    baseUrl,
    harness: { keytab: HARNESS_KEYTAB, principal: sec.admin.principal, ccache: HARNESS_CCACHE },
    tenant: (user) => ({ keytab: tenantKeytab(user), principal: sec.tenants[user]?.principal ?? user, ccache: `${tenantCcache(user)}-rest` }),
  });
}

/** The active ResourceManager of the file's list (the first that says ACTIVE; the first that answers when none does). */
async function activeRm(t: Target, gatewayId: string): Promise<{ url: string; transport: RmTransport }> {
  const tried: string[] = [];
  let answered: { url: string; transport: RmTransport } | undefined;
  for (const url of t.resourceManager.web) {
    const transport = transportFor(t, url.replace(/\/$/, ""), gatewayId);
    try {
      const state = await new RmClient(url.replace(/\/$/, ""), undefined, transport).haState();
      answered ??= { url, transport };
      if (state === "ACTIVE") return { url, transport };
      tried.push(`${url}: ${state ?? "no HA state"}`);
    } catch (e) {
      tried.push(`${url}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  if (answered) return answered;
  throw new HarnessError("CLUSTER_NOT_READY", `target ${t.name}: no ResourceManager answers (${tried.join("; ")})`, { hint: `check resourceManager.web in ${t.file}, and that this machine and the network ${t.spark.gatewayImage?.network} reach it` });
}

/** Starts the gateway on the target's network and returns the target as a StartedCluster, with what it read about it. */
export async function attachTarget(t: Target, o: AttachTargetOptions): Promise<AttachedTarget> {
  const problems = gatewayTenantProblems(t, loadManifest().tenants.users);
  if (problems.length > 0) throw new HarnessError("INVALID_INPUT", listProblems(`target file ${t.file}`, problems), { hint: "docs/targets.md: tenants" });
  const session = o.sessionId ?? newSessionId();
  const hosts = targetHosts(t, session);
  const g = t.spark.gatewayImage!;
  await docker()
    .getNetwork(g.network)
    .inspect()
    .catch((cause: unknown) => {
      throw new HarnessError("INVALID_INPUT", `spark.gatewayImage.network ${g.network} in ${t.file}: no such Docker network here (docker network ls)`, { cause });
    });
  const files = gatewayFiles(t);
  const secrets = new SecretRegistry(session);
  // the target's keytabs are secrets: a stolen one copied into an artifact is masked
  for (const [i, f] of files.filter((x) => x.mode === 0o400).entries()) {
    const b64 = Buffer.from(f.content).toString("base64");
    // kinds are kebab-case names (the registry's rule); the file they came from is in the gateway plan
    secrets.add(`target-keytab-${i + 1}`, b64);
    secrets.add(`target-keytab-${i + 1}-bytes`, Buffer.from(f.content).toString("latin1"));
  }
  const log = o.log.child({ session, target: t.name });
  const container = new GenericContainer(o.image)
    .withName(`${hosts.prefix}-${GATEWAY_NODE}`)
    .withHostname(hosts.gateway)
    .withNetworkMode(g.network)
    // the session's labels (not the target's): the reaper removes the gateway after a crash, never the target
    .withLabels({ ...sessionLabels(session, "gateway"), [NODE_LABEL]: GATEWAY_NODE })
    .withCopyContentToContainer(files.map(({ owner: _o, ...f }) => f))
    .withBindMounts((g.volumes ?? []).map((v) => ({ source: v.slice(0, v.indexOf(":")), target: v.slice(v.indexOf(":") + 1), mode: "rw" as const })))
    .withCommand(["sleep", "infinity"]);
  log.info({ network: g.network, image: o.image }, "starting the gateway on the target's network");
  const gw = await container.start();
  const stop = async (): Promise<void> => void (await gw.stop({ timeout: 2_000, remove: true }).catch(() => undefined));
  try {
    const owned = files.filter((f) => f.owner);
    if (owned.length > 0) {
      const r = await gw.exec(["bash", "-c", owned.map((f) => `chown ${f.owner}:${f.owner} '${f.target}'`).join(" && ")]);
      if (r.exitCode !== 0) throw new HarnessError("CLUSTER_START_FAILED", `could not hand the tenants their keytabs on the gateway: ${r.output.trim().slice(0, 300)}`);
    }
    const rm = await activeRm(t, gw.getId());
    const client = new RmClient(rm.url.replace(/\/$/, ""), undefined, rm.transport);
    const conf = await fetchDaemonConf(rm.transport, "resourcemanager", rm.url);
    const running = (await client.nodes("RUNNING")).length;
    const facts = targetFacts(t, { rmConf: conf.conf ?? { error: conf.error ?? "no /conf" }, scheduler: schedulerConf(t.hadoopConfDir), runningNodeManagers: running, gateway: o.pair });
    const topology = targetTopology(t, running);
    const profile = targetProfile(t, facts);
    const sparkConf = g.sparkConfDir ? join(g.sparkConfDir, "spark-defaults.conf") : undefined;
    const base = sparkConf && existsSync(sparkConf) ? readFileSync(sparkConf, "utf8") : undefined;
    const cluster = new StartedCluster({
      sessionId: session,
      image: o.image,
      topology,
      profile,
      config: { hadoop: Object.fromEntries(files.filter((f) => f.target.startsWith("/etc/hadoop/conf/")).map((f) => [f.target.slice(17), String(f.content)])), spark: base ? { "spark-defaults.conf": base } : {} },
      nodes: [{ name: GATEWAY_NODE, host: hosts.gateway, role: "gateway", containerId: gw.getId() }],
      rm: client,
      keep: false,
      networkName: g.network,
      hosts,
      secretRegistry: secrets,
      log,
      target: t.name,
      tenantPrincipal: (tenant) => (t.security.mode === "kerberos" ? (t.security.tenants[tenant]?.principal ?? tenant) : tenant),
      sparkDefaultsFor: (_t, p) => targetSparkDefaults(base, p),
      publishedDaemonLogs: async () => {
        const scheme = new URL(rm.url).protocol;
        const nms = (await client.nodes("RUNNING")).filter((n) => n.nodeHTTPAddress).sort((a, b) => a.id.localeCompare(b.id));
        const daemons: PublishedDaemon[] = [
          { node: RM_NODE, daemon: "resourcemanager", web: rm.url },
          ...nms.map((n, i) => ({ node: `nm-${i + 1}`, daemon: "nodemanager" as const, web: `${scheme}//${n.nodeHTTPAddress}` })),
        ];
        const spnego = t.security.mode === "kerberos" ? { keytab: HARNESS_KEYTAB, principal: t.security.admin.principal, ccache: HARNESS_CCACHE } : undefined;
        return readPublishedLogs((cmd, opts) => containerExec(gw.getId(), cmd, opts), daemons, spnego);
      },
      stop,
    });
    log.info({ rm: rm.url, running, facts }, "target attached");
    return { cluster, facts };
  } catch (e) {
    const tail = await containerLogTail(gw.getId(), 15, GATEWAY_NODE);
    await stop();
    if (e instanceof HarnessError) throw e;
    throw new HarnessError("CLUSTER_NOT_READY", `target ${t.name}: ${(e as Error).message}`, { cause: e, logTail: tailLines(tail) });
  }
}

/** The client conf dir's capacity-scheduler.xml, or why not. */
function schedulerConf(dir: string): ConfMap | { error: string } {
  const f = join(dir, "capacity-scheduler.xml");
  if (!existsSync(f)) return { error: `${f} is not there (copy the cluster's capacity-scheduler.xml into hadoopConfDir)` };
  try {
    return parseConfXml(readFileSync(f, "utf8"), f);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

