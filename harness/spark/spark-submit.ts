// spark-submit on the gateway as a tenant (OS user + HADOOP_USER_NAME), in client or cluster deploy mode.
import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import { queueFor } from "../cluster/topology.ts";
import { tenantCcache, tenantKeytab, tenantPrincipal } from "../cluster/secure-mode.ts";
import { kinitIfNoTicket } from "../util/kinit-shell.ts";
import { JOBS_JAR } from "../images/hadoop-spark-image.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { redactText } from "../util/secret-redactor.ts";
import { UI_START_RACE_LOG, isUiStartRace } from "./ui-start-race.ts";

export type DeployMode = "client" | "cluster";

/** The file in SubmitRequest.logDir that holds spark-submit's own output. */
export const SUBMIT_LOG = "submit.log";

export interface SubmitRequest {
  tenant: string;
  /** Main class of the job, e.g. shieldlab.jobs.Pi */
  mainClass: string;
  args?: string[];
  deployMode?: DeployMode;
  /** YARN queue; defaults to the queue named after the tenant when it exists, else the first queue. */
  queue?: string;
  conf?: Record<string, string>;
  jar?: string;
  /** `--jars`: more jars for the app's class path (paths on the gateway). */
  jars?: string[];
  /** Folder for submit.log (spark-submit's own output, the cluster's generated secrets redacted). */
  logDir?: string;
  onOutput?: (text: string) => void;
  /** Past this, the app is killed through the RM and spark-submit is stopped; the result says timedOut. */
  timeoutMs?: number;
  /**
   * On a Kerberized cluster, how the tenant proves who it is: its keytab (`--principal/--keytab`, the default), the
   * ticket cache its OS user already holds (kinit beforehand; the default with proxyUser), or nothing at all (its
   * cache is emptied first).
   */
  kerberos?: KerberosLogin;
  /** `--proxy-user`: submit on behalf of another user (Hadoop's proxyuser grants decide). */
  proxyUser?: string;
  /** Called before a driver that lost Spark's UI start race is submitted once more (forget the first app id). */
  onRetry?: () => void;
}

export type KerberosLogin = "keytab" | "ticket-cache" | "none";

/** spark-submit's login options on a Kerberized cluster (exported for tests). */
export function kerberosArgs(tenant: string, login: KerberosLogin, principal = tenantPrincipal(tenant)): string[] {
  return login === "keytab" ? ["--principal", principal, "--keytab", tenantKeytab(tenant)] : [];
}

/** How a submit logs in: as asked; by default from its keytab, or from its ticket cache when it submits as a proxy user. */
export function kerberosLoginOf(req: Pick<SubmitRequest, "kerberos" | "proxyUser">): KerberosLogin {
  // spark-submit refuses --proxy-user together with --principal: the real user must already hold a ticket
  return req.kerberos ?? (req.proxyUser ? "ticket-cache" : "keytab");
}

/** What spark-submit did; command, stdout and stderr have the cluster's generated secrets redacted (they go into history.json). */
export interface SubmitResult {
  appId?: string;
  exitCode: number;
  /** spark-submit's stdout (in client mode this is the driver's stdout). */
  stdout: string;
  stderr: string;
  command: string[];
  startedAt: number;
  endedAt: number;
  timedOut: boolean;
  /** The first driver lost Spark's UI start race (see isUiStartRace) and this is the second submit; its log is kept. */
  uiStartRace?: { firstAppId?: string; log?: string };
}

/** Builds the spark-submit argument list (exported for tests). */
export function submitCommand(req: SubmitRequest, queue: string, gatewayHost: string, kerberized = false, principal = tenantPrincipal(req.tenant)): string[] {
  const mode = req.deployMode ?? "client";
  const login = kerberosLoginOf(req);
  if (kerberized && req.proxyUser && login === "keytab")
    throw new HarnessError("INVALID_INPUT", `spark-submit refuses --proxy-user with --principal/--keytab: ${req.tenant} submitting for ${req.proxyUser} must log in from its ticket cache (kerberos: "ticket-cache")`);
  const conf: Record<string, string> = { ...(mode === "client" ? { "spark.driver.host": gatewayHost } : {}), ...req.conf };
  return [
    "spark-submit",
    "--master", "yarn",
    "--deploy-mode", mode,
    "--queue", queue,
    "--class", req.mainClass,
    ...(kerberized ? kerberosArgs(req.tenant, login, principal) : []),
    ...(req.proxyUser ? ["--proxy-user", req.proxyUser] : []),
    ...Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]),
    ...(req.jars?.length ? ["--jars", req.jars.join(",")] : []),
    req.jar ?? JOBS_JAR,
    ...(req.args ?? []),
  ];
}

/**
 * The submit as the tenant's shell runs it on a Kerberized cluster (exported for tests): each tenant has its own ticket
 * cache; "none" starts from an empty one (no ticket, no keytab named); a proxy-user submit by default gets a ticket from
 * the tenant's keytab when its cache holds none (an explicit "ticket-cache" uses the cache as it is).
 */
export function kerberizedCommand(req: SubmitRequest, spark: string[], principal = tenantPrincipal(req.tenant)): string[] {
  if (req.kerberos === "none") return ["bash", "-c", 'kdestroy -q 2>/dev/null; exec "$@"', "spark-submit", ...spark];
  if (req.kerberos === undefined && kerberosLoginOf(req) === "ticket-cache")
    return ["bash", "-c", `${kinitIfNoTicket(tenantKeytab(req.tenant), principal)}; exec "$@"`, "spark-submit", ...spark];
  return spark;
}

export function appIdFrom(text: string): string | undefined {
  return /\b(application_\d{10,}_\d{4,})\b/.exec(text)?.[1];
}

/**
 * Runs spark-submit as the tenant and returns when it exits. A driver that lost Spark 4.0's UI start race (before any
 * job ran) is submitted once more; the result says so, and the first attempt's output stays in its own log.
 */
export async function sparkSubmit(cluster: StartedCluster, req: SubmitRequest): Promise<SubmitResult> {
  const first = await submitOnce(cluster, req);
  if (!isUiStartRace(first)) return first;
  let log: string | undefined;
  if (req.logDir) {
    log = join(req.logDir, UI_START_RACE_LOG);
    renameSync(join(req.logDir, SUBMIT_LOG), log);
  }
  cluster.log.warn({ tenant: req.tenant, firstAppId: first.appId }, "the driver lost Spark's UI start race (ConcurrentModificationException in Jetty's ServletHandler.initialize); submitting once more");
  req.onRetry?.();
  return { ...(await submitOnce(cluster, req)), uiStartRace: { firstAppId: first.appId, log } };
}

async function submitOnce(cluster: StartedCluster, req: SubmitRequest): Promise<SubmitResult> {
  const queue = req.queue ?? queueFor(cluster.topology, req.tenant);
  const kerberized = cluster.profile.kerberos !== undefined;
  const principal = cluster.tenantPrincipal(req.tenant);
  const spark = submitCommand(req, queue, cluster.hosts.gateway, kerberized, principal);
  const command = kerberized ? kerberizedCommand(req, spark, principal) : spark;
  let teeFile: string | undefined;
  if (req.logDir) {
    mkdirSync(req.logDir, { recursive: true });
    teeFile = join(req.logDir, SUBMIT_LOG);
  }
  const startedAt = Date.now();
  cluster.log.info({ tenant: req.tenant, mode: req.deployMode ?? "client", mainClass: req.mainClass, queue }, "spark-submit");
  let seenAppId: string | undefined;
  let timedOut = false;
  const timer = req.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        cluster.log.warn({ appId: seenAppId, seconds: req.timeoutMs! / 1000 }, "spark-submit timed out; killing the app");
        void (async () => {
          // the harness's own (YARN admin) identity: a --proxy-user app belongs to another user than the submitter
          if (seenAppId) await cluster.rm.killApp(seenAppId).catch(() => undefined);
          await cluster.exec(GATEWAY_NODE, ["pkill", "-u", req.tenant, "-f", "org.apache.spark.deploy.SparkSubmit"]).catch(() => undefined);
        })();
      }, req.timeoutMs)
    : undefined;
  try {
    const r = await cluster.exec(GATEWAY_NODE, command, {
      user: req.tenant,
      env: { HOME: `/home/${req.tenant}`, ...(kerberized ? { KRB5CCNAME: `FILE:${tenantCcache(req.tenant)}` } : { HADOOP_USER_NAME: req.tenant }) },
      workdir: `/home/${req.tenant}`,
      teeFile,
      teeSecrets: () => cluster.secretRegistry.list(),
      onOutput: (text) => {
        seenAppId ??= appIdFrom(text);
        req.onOutput?.(text);
      },
    });
    const appId = appIdFrom(r.stderr) ?? appIdFrom(r.stdout);
    const secrets = cluster.secretRegistry.list();
    const redact = (t: string): string => redactText(t, secrets);
    return { appId, exitCode: r.exitCode, stdout: redact(r.stdout), stderr: redact(r.stderr), command: command.map(redact), startedAt, endedAt: Date.now(), timedOut };
  } finally {
    clearTimeout(timer);
  }
}
