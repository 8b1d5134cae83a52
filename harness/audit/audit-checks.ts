// The posture check catalogue: pure functions over what the fetcher read (AuditInput). A check never acts; a source
// it needs that could not be read makes it `unknown` with the reason, never a pass.
import type { ConfMap } from "./conf-dump.ts";
import type { AuditInput, DaemonConf } from "./audit-input.ts";
import { worst, type AuditResult, type AuditVerdict } from "./audit-result.ts";
import { CVE_RULES, replayScenario } from "./cve-catalogue.ts";

/** Hadoop's and Spark's defaults for the keys the checks read (a rendered *-site.xml lists only what it sets). */
export const DEFAULTS: Record<string, string> = {
  "hadoop.security.authentication": "simple",
  "hadoop.rpc.protection": "authentication",
  "hadoop.http.authentication.type": "simple",
  "hadoop.http.authentication.simple.anonymous.allowed": "true",
  "yarn.http.policy": "HTTP_ONLY",
  "yarn.acl.enable": "false",
  "yarn.admin.acl": "*",
  "yarn.nodemanager.container-executor.class": "org.apache.hadoop.yarn.server.nodemanager.DefaultContainerExecutor",
  "yarn.log-aggregation-enable": "false",
  "yarn.scheduler.capacity.root.acl_submit_applications": "*",
  "yarn.scheduler.capacity.root.acl_administer_queue": "*",
  "spark.authenticate": "false",
  "spark.network.crypto.enabled": "false",
  "spark.authenticate.enableSaslEncryption": "false",
  "spark.ssl.rpc.enabled": "false",
  "spark.ssl.ui.enabled": "false",
  "spark.ssl.enabled": "false",
};

type Outcome = Pick<AuditResult, "verdict" | "value" | "where" | "message"> & Partial<Pick<AuditResult, "details" | "scenario" | "key">>;

interface CheckDef {
  id: string;
  title: string;
  key: string;
  why: string;
  fix: string;
  scenario?: string;
  run(input: AuditInput): Outcome;
}

/** A value with where it came from; the default when the source lists nothing. */
interface Seen {
  value: string;
  where: string;
  defaulted: boolean;
}
function lookup(conf: ConfMap, key: string, where: string): Seen {
  const e = conf.get(key);
  return e ? { value: e.value, where, defaulted: false } : { value: DEFAULTS[key] ?? "", where: `${where}, default`, defaulted: true };
}
const show = (s: Seen): string => (s.defaulted ? `(default) ${s.value}` : JSON.stringify(s.value));

const unknown = (why: string): Outcome => ({ verdict: "unknown", value: "not read", where: "-", message: why });

/** The first ResourceManager whose /conf was read, or the reason none was. */
function rmConf(input: AuditInput): { conf: ConfMap; name: string } | { missing: string } {
  const rm = input.resourceManagers.find((r) => r.conf);
  if (rm) return { conf: rm.conf!, name: rm.name };
  return { missing: `no ResourceManager /conf was read (${input.resourceManagers.map((r) => `${r.name}: ${r.error ?? "no answer"}`).join("; ") || "none given"})` };
}

/** A check on one key of the RM's /conf. */
function rmKey(key: string, judge: (s: Seen, conf: ConfMap) => Omit<Outcome, "value" | "where">): (input: AuditInput) => Outcome {
  return (input) => {
    const rm = rmConf(input);
    if ("missing" in rm) return unknown(rm.missing);
    const s = lookup(rm.conf, key, rm.name);
    return { value: show(s), where: s.where, ...judge(s, rm.conf) };
  };
}

/** A check on one key on every NodeManager (each NM's /conf; the RM's when no NM's could be read). */
function nmKey(key: string, judge: (s: Seen) => { verdict: AuditVerdict; message: string }): (input: AuditInput) => Outcome {
  return (input) => {
    const nms: DaemonConf[] = input.nodeManagers.filter((n) => n.conf);
    const rm = rmConf(input);
    const sources = nms.length > 0 ? nms.map((n) => ({ name: n.name, conf: n.conf! })) : "missing" in rm ? [] : [{ name: `${rm.name} (no NodeManager /conf read)`, conf: rm.conf }];
    if (sources.length === 0) return unknown(`no NodeManager or ResourceManager /conf was read`);
    const each = sources.map((s) => ({ s: lookup(s.conf, key, s.name), name: s.name })).map((x) => ({ ...x, j: judge(x.s) }));
    const verdict = worst(each.map((x) => x.j.verdict));
    const values = [...new Set(each.map((x) => show(x.s)))];
    const first = each.find((x) => x.j.verdict === verdict)!;
    return {
      verdict,
      value: values.join(" | "),
      where: each.map((x) => x.name).join(", "),
      message: first.j.message,
      ...(values.length > 1 || new Set(each.map((x) => x.j.verdict)).size > 1 ? { details: each.map((x) => `${x.name}: ${show(x.s)} → ${x.j.verdict.toUpperCase()}`) } : {}),
    };
  };
}

/** A check on the cluster's spark-defaults.conf. */
function sparkKeys(judge: (get: (k: string) => Seen) => Omit<Outcome, "where">): (input: AuditInput) => Outcome {
  return (input) => {
    if ("missing" in input.sparkDefaults) return unknown(`spark-defaults.conf not read: ${input.sparkDefaults.missing}`);
    const { value: conf, from } = input.sparkDefaults;
    return { where: from, ...judge((k) => lookup(conf, k, from)) };
  };
}

const isTrue = (s: Seen): boolean => s.value.trim().toLowerCase() === "true";
/** An ACL string that lets everyone in ("*", or "*" as its user list). */
const isOpen = (acl: string): boolean => acl.trim() === "*" || acl.trim().split(/\s+/)[0]!.split(",").includes("*");

export const CHECKS: readonly CheckDef[] = [
  {
    id: "auth",
    title: "Hadoop authentication",
    key: "hadoop.security.authentication",
    why: "with simple authentication the RM believes whatever user name a client sends (user.name=, HADOOP_USER_NAME): every ACL can be walked around",
    fix: "Kerberos: hadoop.security.authentication=kerberos with service principals and keytabs (docs/secure-mode.md)",
    scenario: "tenancy/ten-spoof-user",
    run: rmKey("hadoop.security.authentication", (s) =>
      s.value === "kerberos" ? { verdict: "pass", message: "Kerberos: identities come from tickets" } : { verdict: "fail", message: `${s.value}: the cluster trusts the user name a client claims` },
    ),
  },
  {
    id: "yarn-acl",
    title: "YARN ACLs enforced",
    key: "yarn.acl.enable",
    why: "without it nobody's queue, admin or application ACL is checked: any user kills, reads and moves anyone's applications",
    fix: "yarn.acl.enable=true (yarn-site.xml), with queue ACLs and a narrow yarn.admin.acl",
    scenario: "tenancy/ten-kill-foreign-control",
    run: rmKey("yarn.acl.enable", (s) => (isTrue(s) ? { verdict: "pass", message: "ACLs are checked" } : { verdict: "fail", message: "ACLs are not checked: any user may kill any application" })),
  },
  {
    id: "admin-acl",
    title: "YARN admin ACL",
    key: "yarn.admin.acl",
    why: "the admin ACL administers every queue and application; its default \"*\" makes every user an administrator once ACLs are on",
    fix: "yarn.admin.acl=<the yarn service user and an admin group>, never *",
    run: rmKey("yarn.admin.acl", (s) =>
      isOpen(s.value) ? { verdict: "fail", message: "every user is a YARN administrator" } : s.value.trim() === "" ? { verdict: "pass", message: "nobody is a YARN administrator" } : { verdict: "pass", message: `administrators: ${s.value.trim()}` },
    ),
  },
  {
    id: "queue-acls",
    title: "Queue ACLs (CapacityScheduler)",
    key: "yarn.scheduler.capacity.root.*.acl_submit_applications / acl_administer_queue",
    why: "a queue's ACL admits whoever its own or any parent queue's ACL admits, and root's default is \"*\": unless root is closed (a single space), every user submits to and administers every queue",
    fix: "yarn.scheduler.capacity.root.acl_submit_applications=\" \" and root.acl_administer_queue=\" \" (a space: nobody), then name users per leaf queue",
    scenario: "tenancy/ten-acl-matrix-control",
    run(input) {
      if ("missing" in input.scheduler) return unknown(`the CapacityScheduler settings were not read: ${input.scheduler.missing}`);
      const { value: conf, from } = input.scheduler;
      const rm = rmConf(input);
      const aclsOn = "missing" in rm ? undefined : isTrue(lookup(rm.conf, "yarn.acl.enable", rm.name));
      const rootKeys = ["acl_submit_applications", "acl_administer_queue"].map((a) => ({ a, s: lookup(conf, `yarn.scheduler.capacity.root.${a}`, from) }));
      const leafKeys = [...conf.keys()].filter((k) => /^yarn\.scheduler\.capacity\.root\.[^.]+(\.[^.]+)*\.acl_(submit_applications|administer_queue)$/.test(k) && !/^yarn\.scheduler\.capacity\.root\.acl_/.test(k));
      const details = [...leafKeys.map((k) => `${k.replace("yarn.scheduler.capacity.", "")}=${JSON.stringify(conf.get(k)!.value)}`)];
      const openRoot = rootKeys.filter((r) => isOpen(r.s.value));
      const openLeaves = leafKeys.filter((k) => isOpen(conf.get(k)!.value));
      const value = rootKeys.map((r) => `root.${r.a}=${show(r.s)}`).join(", ");
      if (aclsOn === false) return { verdict: "fail", value, where: from, message: "queue ACLs are not enforced (yarn.acl.enable=false)", details };
      if (openRoot.length > 0) return { verdict: "fail", value, where: from, message: `root's ${openRoot.map((r) => r.a).join(" and ")} admits everyone, and every queue inherits it`, details };
      if (openLeaves.length > 0) return { verdict: "warn", value, where: from, message: `open to everyone: ${openLeaves.map((k) => k.replace("yarn.scheduler.capacity.", "")).join(", ")}`, details };
      if (aclsOn === undefined) return { verdict: "unknown", value, where: from, message: "queue ACLs look closed, but whether they are enforced (yarn.acl.enable) was not read", details };
      return { verdict: "pass", value, where: from, message: "root is closed and no queue admits everyone", details };
    },
  },
  {
    id: "rpc-protection",
    title: "Hadoop RPC protection (SASL QOP)",
    key: "hadoop.rpc.protection",
    why: "authentication only: YARN RPC (submissions, container launches with their tokens and environment) crosses the network in clear text; integrity stops tampering, privacy also reading",
    fix: "hadoop.rpc.protection=privacy on the daemons and clients (needs Kerberos)",
    scenario: "secure/krb-yarn-secret-privacy-authentication",
    run: rmKey("hadoop.rpc.protection", (s, conf) => {
      if (lookup(conf, "hadoop.security.authentication", "").value !== "kerberos") return { verdict: "fail", message: "no SASL on RPC at all: simple authentication" };
      const qops = s.value.split(",").map((q) => q.trim());
      if (qops.includes("authentication")) return { verdict: "fail", message: qops.length > 1 ? "authentication is among the accepted levels: a client may choose clear text" : "RPC payloads in clear text" };
      if (qops.includes("integrity")) return { verdict: "warn", message: "integrity-protected but readable" };
      return { verdict: "pass", message: "RPC encrypted (SASL auth-conf)" };
    }),
  },
  {
    id: "web-tls",
    title: "Web UI and REST over TLS",
    key: "yarn.http.policy",
    why: "over HTTP the RM and NM UIs and REST API (application reports, logs, kill requests, SPNEGO tokens) can be read and altered on the wire",
    fix: "yarn.http.policy=HTTPS_ONLY with ssl-server.xml (hadoop.ssl.* keystores) on every daemon",
    run: rmKey("yarn.http.policy", (s, conf) => {
      const protocols = conf.get("hadoop.ssl.enabled.protocols")?.value;
      const old = protocols?.split(",").map((p) => p.trim()).filter((p) => /^(SSLv3|TLSv1(\.1)?)$/.test(p)) ?? [];
      if (s.value === "HTTPS_ONLY") return old.length ? { verdict: "warn", message: `HTTPS only, but hadoop.ssl.enabled.protocols allows ${old.join(", ")}` } : { verdict: "pass", message: "HTTPS only" };
      if (s.value === "HTTP_AND_HTTPS") return { verdict: "warn", message: "HTTPS offered, plain HTTP still served" };
      return { verdict: "fail", message: "plain HTTP only" };
    }),
  },
  {
    id: "web-auth",
    title: "Web UI and REST authentication (SPNEGO)",
    key: "hadoop.http.authentication.type",
    why: "with simple HTTP authentication the web UIs and REST API believe ?user.name= (or serve anonymous users): anyone can act as anyone over REST",
    fix: "hadoop.http.authentication.type=kerberos, hadoop.http.filter.initializers=org.apache.hadoop.security.AuthenticationFilterInitializer, HTTP/_HOST principals",
    scenario: "tenancy/ten-spoof-user",
    run: rmKey("hadoop.http.authentication.type", (s, conf) => {
      if (s.value === "kerberos") return { verdict: "pass", message: "SPNEGO" };
      const anon = lookup(conf, "hadoop.http.authentication.simple.anonymous.allowed", "");
      return isTrue(anon)
        ? { verdict: "fail", message: `${s.value}, anonymous requests allowed: the REST API trusts ?user.name= or nobody at all` }
        : { verdict: "warn", message: `${s.value}, anonymous requests refused, but ?user.name= is still believed` };
    }),
  },
  {
    id: "proxy-users",
    title: "Proxy-user (impersonation) grants",
    key: "hadoop.proxyuser.*.hosts / .groups / .users",
    why: "a proxy user may act for others: a * in its users or groups lets it become anyone (HDFS, YARN admin); a * in hosts lets it do so from any machine",
    fix: "name the users or groups each service may impersonate and the hosts it runs on; remove grants nobody uses",
    scenario: "secure/krb-proxy-user-control",
    run(input) {
      const rm = rmConf(input);
      if ("missing" in rm) return unknown(rm.missing);
      const grants = [...rm.conf.entries()].filter(([k]) => /^hadoop\.proxyuser\.[^.]+\.(hosts|groups|users)$/.test(k));
      if (grants.length === 0) return { verdict: "pass", value: "(none)", where: rm.name, message: "no proxy-user grants" };
      const details = grants.map(([k, e]) => `${k}=${JSON.stringify(e.value)}`);
      const who = grants.filter(([k, e]) => /\.(groups|users)$/.test(k) && e.value.trim() === "*").map(([k]) => k);
      const hosts = grants.filter(([k, e]) => k.endsWith(".hosts") && e.value.trim() === "*").map(([k]) => k);
      const value = details.join(", ");
      if (who.length) return { verdict: "fail", value, where: rm.name, message: `may impersonate anyone: ${who.join(", ")}`, details };
      if (hosts.length) return { verdict: "warn", value, where: rm.name, message: `from any host: ${hosts.join(", ")}`, details };
      return { verdict: "pass", value, where: rm.name, message: "every grant names its users/groups and hosts", details };
    },
  },
  {
    id: "container-executor",
    title: "Container executor",
    key: "yarn.nodemanager.container-executor.class",
    why: "DefaultContainerExecutor runs every tenant's containers as the NodeManager's own user: one tenant's container reads another's files, tokens and secrets on a shared node",
    fix: "LinuxContainerExecutor (setuid container-executor, containers as the submitting user), with yarn.nodemanager.linux-container-executor.nonsecure-mode.limit-users=false under simple auth",
    scenario: "tenancy/ten-container-snoop",
    run: nmKey("yarn.nodemanager.container-executor.class", (s) =>
      /LinuxContainerExecutor$/.test(s.value) ? { verdict: "pass", message: "containers run as their submitting user" } : { verdict: "fail", message: `${s.value.split(".").pop()}: every container runs as the NodeManager's user` },
    ),
  },
  {
    id: "nm-dirs",
    title: "NodeManager local and log directory permissions",
    key: "yarn.nodemanager.local-dirs / log-dirs",
    why: "container working directories and logs hold tokens, secrets and job data: a directory others may write lets them plant files, one others may read leaks them",
    fix: "owned by the NodeManager user, mode 755 at most (LinuxContainerExecutor keeps each app's subdirectory 710/750); never world-writable",
    run(input) {
      if ("missing" in input.nmDirs) return unknown(`needs node access: ${input.nmDirs.missing}`);
      const dirs = input.nmDirs.value;
      if (dirs.length === 0) return unknown("no NodeManager directory was listed");
      const judged = dirs.map((d) => {
        const mode = parseInt(d.mode, 8);
        const sticky = (mode & 0o1000) !== 0;
        const v: AuditVerdict = mode & 0o002 ? (sticky ? "warn" : "fail") : mode & 0o004 ? "warn" : "pass";
        return { d, v };
      });
      const verdict = worst(judged.map((j) => j.v));
      return {
        verdict,
        value: [...new Set(dirs.map((d) => d.mode))].join(" | "),
        where: [...new Set(dirs.map((d) => d.node))].join(", "),
        message: verdict === "fail" ? "a directory is world-writable" : verdict === "warn" ? "a directory is readable (or, sticky, writable) by others" : "no directory is open to others",
        details: judged.map(({ d, v }) => `${d.node} ${d.key} ${d.path}: ${d.mode} ${d.owner}:${d.group} → ${v.toUpperCase()}`),
      };
    },
  },
  {
    id: "log-aggregation",
    title: "Log aggregation",
    key: "yarn.log-aggregation-enable",
    why: "without it container logs stay on each NodeManager's disk (and go with it): no central, access-controlled record of what ran",
    fix: "yarn.log-aggregation-enable=true with yarn.nodemanager.remote-app-log-dir on a store only the yarn user and owners read",
    run: nmKey("yarn.log-aggregation-enable", (s) => (isTrue(s) ? { verdict: "pass", message: "aggregated after each app" } : { verdict: "warn", message: "logs stay on the NodeManagers' local disks" })),
  },
  {
    id: "spark-auth",
    title: "Spark authentication",
    key: "spark.authenticate",
    why: "without it anyone who reaches a driver or executor port speaks Spark RPC to it: rogue executors, RPC requests deserialised by the driver",
    fix: "spark.authenticate=true in the cluster's spark-defaults.conf (on YARN each app gets its own secret)",
    scenario: "tenancy/ten-rogue-executor-control",
    run: sparkKeys((get) => {
      const s = get("spark.authenticate");
      return isTrue(s) ? { verdict: "pass", value: show(s), message: "Spark RPC is authenticated" } : { verdict: "fail", value: show(s), message: "Spark RPC is unauthenticated" };
    }),
  },
  {
    id: "spark-network-crypto",
    title: "Spark RPC encryption",
    key: "spark.network.crypto.enabled / spark.ssl.rpc.enabled / spark.authenticate.enableSaslEncryption",
    why: "unencrypted, shuffle blocks, broadcast data and RPC between driver and executors cross the network readable by anyone on the path",
    fix: "spark.network.crypto.enabled=true with spark.network.crypto.cipher=AES/GCM/NoPadding, or spark.ssl.rpc.enabled=true (4.0+)",
    scenario: "wire/wire-plain",
    run: sparkKeys((get) => {
      const crypto = get("spark.network.crypto.enabled");
      const tls = get("spark.ssl.rpc.enabled");
      const sasl = get("spark.authenticate.enableSaslEncryption");
      const cipher = get("spark.network.crypto.cipher");
      const value = `crypto=${show(crypto)}, ssl.rpc=${show(tls)}, sasl=${show(sasl)}`;
      if (isTrue(tls)) return { verdict: "pass", value, message: "TLS for RPC" };
      if (isTrue(crypto)) return cipher.value === "AES/GCM/NoPadding" ? { verdict: "pass", value, message: "AES/GCM (authenticated encryption)" } : { verdict: "warn", value, message: `AES without integrity (${cipher.defaulted ? "default cipher: AES/CTR" : cipher.value}): see cve-2025-55039`, scenario: "wire/wire-ctr-tamper" };
      if (isTrue(sasl)) return { verdict: "warn", value, message: "legacy SASL (DIGEST-MD5) encryption" };
      return { verdict: "fail", value, message: "Spark RPC is not encrypted" };
    }),
  },
  {
    id: "spark-ui-tls",
    title: "Spark UI over TLS",
    key: "spark.ssl.ui.enabled / spark.ssl.enabled",
    why: "the driver UI and its REST API show jobs, environment and SQL text; over HTTP they are readable on the wire",
    fix: "spark.ssl.ui.enabled=true (or spark.ssl.enabled=true) with a keystore",
    scenario: "wire/wire-ui-tls-control",
    run: sparkKeys((get) => {
      const ui = get("spark.ssl.ui.enabled");
      const all = get("spark.ssl.enabled");
      const value = `ssl.ui=${show(ui)}, ssl=${show(all)}`;
      return isTrue(ui) || (isTrue(all) && ui.defaulted) ? { verdict: "pass", value, message: "the UI serves HTTPS" } : { verdict: "warn", value, message: "the UI serves plain HTTP" };
    }),
  },
  ...CVE_RULES.map(
    (rule): CheckDef => ({
      id: rule.id,
      title: rule.title,
      key: rule.component === "hadoop" ? "hadoopVersion (/ws/v1/cluster/info)" : "the Spark release + spark-defaults.conf",
      why: rule.why,
      fix: rule.fix,
      scenario: rule.scenario,
      run(input) {
        let version: string | undefined;
        let where: string;
        if (rule.component === "hadoop") {
          if ("missing" in input.clusterInfo) return unknown(`/ws/v1/cluster/info not read: ${input.clusterInfo.missing}`);
          version = /^\d+\.\d+\.\d+/.exec(input.clusterInfo.value.hadoopVersion ?? "")?.[0];
          where = input.clusterInfo.from;
          if (!version) return unknown(`/ws/v1/cluster/info gave no Hadoop version (${JSON.stringify(input.clusterInfo.value.hadoopVersion)})`);
        } else {
          if ("missing" in input.sparkVersion) return unknown(`the Spark release is not known: ${input.sparkVersion.missing}`);
          version = input.sparkVersion.value;
          where = input.sparkVersion.from;
        }
        const spark = "missing" in input.sparkDefaults ? undefined : input.sparkDefaults.value;
        const j = rule.judge(version, spark);
        return { verdict: j.verdict, value: version, where, message: j.message, scenario: replayScenario(rule, version) };
      },
    }),
  ),
];

export const CHECK_IDS = CHECKS.map((c) => c.id);

/** Runs every check; a check that throws is `unknown` with its error (a crashed check never crashes the audit). */
export function runChecks(input: AuditInput): AuditResult[] {
  return CHECKS.map((c) => {
    let o: Outcome;
    try {
      o = c.run(input);
    } catch (e) {
      o = unknown(`the check failed: ${(e as Error).message}`);
    }
    const scenario = o.verdict === "pass" ? undefined : (o.scenario ?? c.scenario);
    return { id: c.id, title: c.title, verdict: o.verdict, key: o.key ?? c.key, value: o.value, where: o.where, message: o.message, why: c.why, fix: c.fix, ...(scenario ? { scenario } : {}), ...(o.details ? { details: o.details } : {}) };
  });
}
