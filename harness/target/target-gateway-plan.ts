// What the harness's gateway on a target's Docker network holds, worked out from the target file alone: its host names,
// the files copied in (the cluster's client conf, its Spark conf, krb5.conf for its realm, the tenants' and the admin's
// keytabs), the topology and profile the harness sees the target as, and spark-defaults per scenario profile (the
// target's own, plus the scenario's Spark security settings). Pure: files are read through `read`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import { targetKrb5Conf } from "../audit/target-audit-sources.ts";
import type { ClusterHosts } from "../cluster/cluster-config.ts";
import { rpcProtectionConf } from "../cluster/cluster-config.ts";
import type { NodeFile } from "../cluster/cluster-plan.ts";
import { HARNESS_KEYTAB, tenantKeytab } from "../cluster/secure-mode.ts";
import { resolveProfile, type SecurityProfile } from "../cluster/security-profile.ts";
import { parseTopology, type Topology } from "../cluster/topology.ts";
import type { TargetFacts } from "./target-facts.ts";
import type { TargetFile } from "./target-file.ts";

export const GATEWAY_HADOOP_CONF = "/etc/hadoop/conf";
export const GATEWAY_SPARK_CONF = "/opt/spark/conf";

/** The gateway's names: `<prefix>-gateway` on the target's network (Docker's DNS resolves `<name>.<network>`). */
export function targetHosts(t: TargetFile, sessionId: string): ClusterHosts {
  const network = t.spark.gatewayImage?.network;
  if (!network) throw new HarnessError("INVALID_INPUT", `target ${t.name}: run --target needs spark.gatewayImage: { network } (the harness's gateway on the cluster's Docker network); a local sparkHome is read by audit only`);
  const prefix = `shieldlab-${sessionId.slice(-6)}`;
  const rm = new URL(t.resourceManager.web[0]!).hostname;
  return { prefix, domain: network, rm, gateway: `${prefix}-gateway.${network}` };
}

/** Reads a folder's regular files (name → bytes); injectable for tests. */
export type FolderReader = (dir: string) => Record<string, Buffer>;
export const readFolder: FolderReader = (dir) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => statSync(join(dir, f)).isFile())
      .map((f) => [f, readFileSync(join(dir, f))]),
  );

/** A tenant's name must be one of the image's OS users, and the OS user the same name (the gateway submits as it). */
export function gatewayTenantProblems(t: TargetFile, imageUsers: readonly string[]): string[] {
  const out: string[] = [];
  for (const [name, tenant] of Object.entries(t.tenants)) {
    if (!imageUsers.includes(name)) out.push(`tenants.${name}: the gateway image has the OS users ${imageUsers.join(", ")}; name the tenant after one of them`);
    else if (tenant.user !== undefined && tenant.user !== name) out.push(`tenants.${name}.user: the gateway submits as the OS user ${name}; a different user (${tenant.user}) needs spark.sparkHome`);
  }
  return out;
}

/** Every file the gateway gets; keytabs mode 0400 (a tenant's owned by the tenant, the admin's by root). */
export function gatewayFiles(t: TargetFile, read: FolderReader = readFolder, readFile: (p: string) => Buffer = (p) => readFileSync(p)): NodeFile[] {
  const files: NodeFile[] = [];
  for (const [name, content] of Object.entries(read(t.hadoopConfDir))) files.push({ target: `${GATEWAY_HADOOP_CONF}/${name}`, content });
  const sparkConf = t.spark.gatewayImage?.sparkConfDir;
  if (sparkConf) for (const [name, content] of Object.entries(read(sparkConf))) files.push({ target: `${GATEWAY_SPARK_CONF}/${name}`, content });
  if (t.security.mode === "kerberos") {
    const sec = t.security;
    files.push({ target: "/etc/krb5.conf", content: targetKrb5Conf(sec.realm, sec.kdc) });
    files.push({ target: HARNESS_KEYTAB, content: readFile(sec.admin.keytab), mode: 0o400 });
    for (const [tenant, id] of Object.entries(sec.tenants)) files.push({ target: tenantKeytab(tenant), content: readFile(id.keytab), mode: 0o400, owner: tenant });
  }
  return files;
}

/** How the harness sees the target's shape: its RUNNING NodeManagers (1–6), the file's tenants and their queues. */
export function targetTopology(t: TargetFile, runningNodeManagers: number): Topology {
  const byQueue = new Map<string, string[]>();
  for (const [name, tenant] of Object.entries(t.tenants)) {
    const q = tenant.queue.replace(/^root\./, "");
    byQueue.set(q, [...(byQueue.get(q) ?? []), name]);
  }
  return parseTopology(
    { nodeManagers: Math.min(6, Math.max(1, runningNodeManagers)), tenants: Object.keys(t.tenants), queues: [...byQueue].map(([name, users]) => ({ name, submit: users, administer: users })) },
    `target ${t.name}`,
  );
}

/** The YARN side of the target as a profile (what it is; the harness changes nothing to fit a scenario). */
export function targetProfile(t: TargetFile, f: TargetFacts): SecurityProfile & { name: string } {
  const levels = ["authentication", "integrity", "privacy"] as const;
  const rpc = (f.rpcProtection ?? ["authentication"]).filter((x): x is (typeof levels)[number] => (levels as readonly string[]).includes(x));
  const proxyUsers = Object.fromEntries(Object.entries(f.proxyUsers).filter(([u, users]) => /^[a-z][a-z0-9_-]{0,30}$/.test(u) && users.length > 0));
  const p = resolveProfile({
    profile: "plain",
    yarnAcls: f.yarnAcls ?? false,
    ...(t.security.mode === "kerberos" ? { kerberos: { rpcProtection: rpc.length === 1 ? rpc[0] : rpc.length ? rpc : "authentication", spnego: f.spnego ?? true, proxyUsers } } : {}),
  }, `target ${t.name}`);
  return { ...p, name: `target:${t.name}` };
}

/**
 * spark-defaults.conf on the gateway for a scenario's profile: the target's own (its sparkConfDir's, else only
 * spark.master yarn), then the profile's Spark security settings, which are each application's own choice on YARN.
 */
export function targetSparkDefaults(base: string | undefined, p: SecurityProfile): string {
  const conf: Array<[string, string]> = [
    ["spark.authenticate", String(p.sparkAuth)],
    ["spark.io.encryption.enabled", String(p.ioEncryption)],
    ...rpcProtectionConf({ ...p, rpcTls: false }, "unset"),
    ...(p.yarnAcls ? ([["spark.acls.enable", "true"]] as Array<[string, string]>) : []),
  ];
  const own = base ?? "spark.master yarn\n";
  const keys = new Set(conf.map(([k]) => k));
  // the scenario's keys replace the target's same keys (a later duplicate would win anyway; this keeps the file readable)
  const kept = own.split("\n").filter((l) => !keys.has(l.trim().split(/[\s=]+/)[0] ?? ""));
  return `${kept.join("\n").replace(/\n*$/, "\n")}# the scenario's Spark security settings (shieldlab)\n${conf.map(([k, v]) => `${k} ${v}`).join("\n")}\n`;
}
