// The audit's sources for a target file's cluster: HTTP from this machine (SPNEGO: curl --negotiate here, with the
// admin's keytab and a krb5.conf naming the target's KDC, in a private temporary folder), the client conf dir's
// capacity-scheduler.xml, the local Spark client's spark-defaults.conf and release, NM dir modes over SSH.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type { ExecOptions, ExecResult } from "../engine/container-exec.ts";
import { loadManifest } from "../images/manifest.ts";
import { resolveVersion } from "../images/version-pair.ts";
import type { TargetFile } from "../target/target-file.ts";
import { fetchTransport, type RmTransport } from "../yarn/rm-client.ts";
import { spnegoTransport, type GatewayExec } from "../yarn/spnego-transport.ts";
import { parseSparkDefaults } from "./conf-dump.ts";
import { parseStatLines, type AuditSources } from "./audit-fetcher.ts";
import type { DirStat, Readable } from "./audit-input.ts";

/** krb5.conf for a client of the target's realm: its KDC named, no DNS lookups. */
export function targetKrb5Conf(realm: string, kdc: string): string {
  return `[libdefaults]\n  default_realm = ${realm}\n  dns_lookup_realm = false\n  dns_lookup_kdc = false\n  rdns = false\n  udp_preference_limit = 1\n\n[realms]\n  ${realm} = {\n    kdc = ${kdc}\n  }\n`;
}

/** The Spark release of a distribution: its RELEASE file ("Spark 3.5.1 built for …"), else its spark-core jar's name. */
export function sparkHomeVersion(sparkHome: string): string | undefined {
  const release = join(sparkHome, "RELEASE");
  if (existsSync(release)) {
    const m = /Spark (\d+\.\d+\.\d+)/.exec(readFileSync(release, "utf8"));
    if (m) return m[1];
  }
  const jars = join(sparkHome, "jars");
  if (!existsSync(jars)) return undefined;
  for (const f of readdirSync(jars)) {
    const m = /^spark-core_[\d.]+-(\d+\.\d+\.\d+)\.jar$/.exec(f);
    if (m) return m[1];
  }
  return undefined;
}

/** Where a Kerberized target's SPNEGO calls run: the harness's gateway on the target's network, with the admin's keytab there. */
export interface AuditGateway {
  exec: GatewayExec;
  /** The admin's keytab and ticket cache on the gateway. */
  keytab: string;
  ccache: string;
}

/**
 * Sources for a target; dispose() removes the temporary Kerberos folder. A Kerberized target is read with curl
 * --negotiate on `gateway` when given (no Kerberos client needed here), else with this machine's kinit and curl.
 */
export function targetAuditSources(t: TargetFile, gateway?: AuditGateway): AuditSources & { dispose(): void } {
  let krbDir: string | undefined;
  let transportFor: (baseUrl: string) => RmTransport = fetchTransport;
  if (t.security.mode === "kerberos" && gateway) {
    const sec = t.security;
    transportFor = (baseUrl) =>
      spnegoTransport(gateway.exec, {
        baseUrl,
        harness: { keytab: gateway.keytab, principal: sec.admin.principal, ccache: gateway.ccache },
        tenant: () => ({ keytab: "/nonexistent", principal: "none", ccache: `${gateway.ccache}-none` }),
      });
  } else if (t.security.mode === "kerberos") {
    const sec = t.security;
    krbDir = mkdtempSync(join(tmpdir(), "shieldlab-audit-krb-"));
    writeFileSync(join(krbDir, "krb5.conf"), targetKrb5Conf(sec.realm, sec.kdc), { mode: 0o600 });
    const env = { KRB5_CONFIG: join(krbDir, "krb5.conf") };
    const dir = krbDir;
    // this machine's curl and kinit; only the harness's own (admin) calls, so no user switch
    const localExec = async (cmd: string[], o: ExecOptions = {}): Promise<ExecResult> => {
      const r = await execa(cmd[0]!, cmd.slice(1), { env: { ...process.env, ...env, ...o.env }, reject: false, stdin: "ignore" });
      return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
    };
    transportFor = (baseUrl) =>
      spnegoTransport(localExec, {
        baseUrl,
        harness: { keytab: sec.admin.keytab, principal: sec.admin.principal, ccache: join(dir, "admin.ccache") },
        tenant: (u) => ({ keytab: sec.tenants[u]?.keytab ?? "/nonexistent", principal: sec.tenants[u]?.principal ?? u, ccache: join(dir, `${u}.ccache`) }),
      });
  }
  const sparkHome = t.spark.sparkHome;
  return {
    resourceManagers: t.resourceManager.web,
    transportFor,
    async schedulerFile() {
      const f = join(t.hadoopConfDir, "capacity-scheduler.xml");
      return existsSync(f) ? { value: readFileSync(f, "utf8"), from: f } : { missing: `${f} is not there (copy the cluster's capacity-scheduler.xml into hadoopConfDir)` };
    },
    async sparkDefaults() {
      if (!sparkHome) return { missing: "spark.gatewayImage: the harness's own image, not the cluster's Spark client (give spark.sparkHome to audit its spark-defaults.conf)" };
      const f = join(process.env.SPARK_CONF_DIR ?? join(sparkHome, "conf"), "spark-defaults.conf");
      return existsSync(f) ? { value: parseSparkDefaults(readFileSync(f, "utf8"), f), from: f } : { missing: `${f} is not there` };
    },
    async sparkVersion(): Promise<Readable<string>> {
      if (sparkHome) {
        const v = sparkHomeVersion(sparkHome);
        return v ? { value: v, from: `${sparkHome} (RELEASE or jars/spark-core_*.jar)` } : { missing: `${sparkHome} has no RELEASE file and no jars/spark-core_*.jar` };
      }
      const m = loadManifest();
      const asked = t.spark.gatewayImage?.spark;
      return { value: asked ? resolveVersion(m, "spark", asked, "spark.gatewayImage.spark") : m.defaultPair.spark, from: "the gateway image (images/manifest.json)" };
    },
    async nmDirs(dirs): Promise<Readable<DirStat[]>> {
      const nodes = Object.entries(t.nodes ?? {}).filter(([, n]) => n.roles.includes("nodemanager"));
      if (nodes.length === 0) return { missing: "the target file gives no node access (nodes: with role nodemanager)" };
      const out: DirStat[] = [];
      const problems: string[] = [];
      for (const nmName of new Set(dirs.map((d) => d.node))) {
        // the RM names a NodeManager by host name; the target file's nodes by whatever key, with their host
        const hit = nodes.find(([key, n]) => n.host === nmName || key === nmName || nmName.startsWith(`${n.host}.`) || n.host.startsWith(`${nmName}.`));
        if (!hit) {
          problems.push(`${nmName}: no entry in nodes:`);
          continue;
        }
        const [, n] = hit;
        const ds = dirs.filter((d) => d.node === nmName);
        const r = await execa("ssh", ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-i", n.key, "-p", String(n.port), `${n.user}@${n.host}`, "stat", "-c", "'%a %U %G %n'", ...ds.map((d) => `'${d.path}'`)], { reject: false, stdin: "ignore" });
        const got = parseStatLines(String(r.stdout), ds);
        if (got.length === 0) problems.push(`${nmName}: ssh ${n.user}@${n.host} stat: ${String(r.stderr).trim().split("\n")[0] || `exit ${r.exitCode}`}`);
        out.push(...got);
      }
      return out.length ? { value: out, from: "ssh stat" } : { missing: problems.join("; ") || "no directory read" };
    },
    dispose() {
      if (krbDir) rmSync(krbDir, { recursive: true, force: true });
    },
  };
}
