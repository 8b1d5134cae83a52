// A Spark standalone cluster's configuration, rendered from the topology and security profile: one spark-defaults.conf
// on every node — the master's, the workers' and every tenant's on the gateway. That is standalone's model (seed 002):
// Spark generates a secret per application only on YARN, local and Kubernetes; here `spark.authenticate.secret` is one
// secret that the master, the workers and every application of every tenant hold.
import { FAST_START_JVM_OPTIONS, SPARK_JARS_CLASSPATH, renderSparkDefaults, rpcProtectionConf } from "../cluster/cluster-config.ts";
import type { SecurityProfile } from "../cluster/security-profile.ts";
import { MASTER_NODE, type Topology } from "../cluster/topology.ts";
import { compareVersions } from "../images/version-pair.ts";

export const MASTER_PORT = 7077;
export const MASTER_WEB_PORT = 8080;
export const MASTER_REST_PORT = 6066;
export const WORKER_CORES = 2;
export const WORKER_MEMORY_MB = 1536;

/** Generated per cluster; never logged. */
export interface StandaloneSecrets {
  /** spark.authenticate.secret, when the profile authenticates. */
  authSecret?: string;
  /** The RPC TLS keystore's password, when the profile uses TLS for RPC. */
  keystorePassword?: string;
  /** JWSFilter's HMAC key (base64url, 256 bits), when the topology puts the UIs and REST behind it. */
  jwsKey?: string;
}

/** Spark's own filter for its UIs (4.0+) and the master's REST server, and where its key goes. */
export const JWS_FILTER = "org.apache.spark.ui.JWSFilter";
export const JWS_KEY_CONF = `spark.${JWS_FILTER}.param.secretKey`;

/** Whether the release's master runs its REST submission server when the configuration does not say (on from 4.1.0). */
export function restOnByDefault(sparkVersion: string): boolean {
  return compareVersions(sparkVersion, "4.1.0") >= 0;
}

/** Whether the master will serve REST on 6066 with this topology on this release. */
export function restEnabled(t: Topology, sparkVersion: string): boolean {
  return t.rest === "on" || (t.rest !== "off" && restOnByDefault(sparkVersion));
}

/** How Spark's JVMs start here, as on YARN: C1 only and the serial GC; plus the image's class-data sharing archive where
 *  it has one (Java 17 images: Spark's jars first on the class path, as at dump). Java 8 images have no archive. */
export type StandaloneJvm = "fast-start-cds" | "fast-start";
const C1_ONLY = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

/** The JVM options of the master and worker daemons (SPARK_DAEMON_JAVA_OPTS) and their class path lead. */
export function daemonJvmEnv(jvm: StandaloneJvm): Record<string, string> {
  return jvm === "fast-start-cds" ? { SPARK_DAEMON_JAVA_OPTS: FAST_START_JVM_OPTIONS, SPARK_DAEMON_CLASSPATH: SPARK_JARS_CLASSPATH } : { SPARK_DAEMON_JAVA_OPTS: C1_ONLY };
}

/** spark-defaults.conf entries for a standalone cluster (holds secrets: never log them). */
export function standaloneSparkDefaults(t: Topology, p: SecurityProfile, masterHost: string, secrets: StandaloneSecrets, jvm: StandaloneJvm = "fast-start"): Array<[string, string]> {
  const conf: Array<[string, string]> = [
    ["spark.master", `spark://${masterHost}:${MASTER_PORT}`],
    ["spark.driver.memory", "512m"],
    ["spark.executor.memory", "512m"],
    ["spark.executor.cores", "1"],
    ["spark.cores.max", "2"],
    ["spark.ui.showConsoleProgress", "false"],
    ["spark.authenticate", String(p.sparkAuth)],
    ["spark.io.encryption.enabled", String(p.ioEncryption)],
    ["spark.driver.defaultJavaOptions", jvm === "fast-start-cds" ? FAST_START_JVM_OPTIONS : C1_ONLY],
    ["spark.executor.defaultJavaOptions", jvm === "fast-start-cds" ? FAST_START_JVM_OPTIONS : C1_ONLY],
    ...(jvm === "fast-start-cds" ? ([["spark.driver.extraClassPath", SPARK_JARS_CLASSPATH], ["spark.executor.extraClassPath", SPARK_JARS_CLASSPATH]] as Array<[string, string]>) : []),
  ];
  if (p.sparkAuth) conf.push(["spark.authenticate.secret", required(secrets.authSecret, "the cluster's authentication secret")]);
  conf.push(...rpcProtectionConf(p, p.rpcTls ? required(secrets.keystorePassword, "the RPC keystore password") : ""));
  // the master's own SecurityManager reads these for its UI's kill buttons, as every app's does for its UI
  if (p.yarnAcls) conf.push(["spark.acls.enable", "true"]);
  if (t.jws) conf.push(["spark.ui.filters", JWS_FILTER], ["spark.master.rest.filters", JWS_FILTER], [JWS_KEY_CONF, required(secrets.jwsKey, "the JWSFilter key")]);
  if (t.rest === "on") conf.push(["spark.master.rest.enabled", "true"]);
  if (t.rest === "off") conf.push(["spark.master.rest.enabled", "false"]);
  return conf;
}

export function renderStandaloneDefaults(t: Topology, p: SecurityProfile, masterHost: string, secrets: StandaloneSecrets, jvm: StandaloneJvm = "fast-start"): string {
  return renderSparkDefaults(standaloneSparkDefaults(t, p, masterHost, secrets, jvm));
}

/** The environment every standalone node runs with: the launcher needs SPARK_HOME and the Scala line (2.x guesses wrong). */
export function standaloneEnv(scala: string): Record<string, string> {
  return { SPARK_HOME: "/opt/spark", SPARK_CONF_DIR: "/opt/spark/conf", SPARK_SCALA_VERSION: scala, SPARK_DAEMON_MEMORY: "384m", SPARK_NO_DAEMONIZE: "1" };
}

/** The master's command line (spark-class, in the foreground: its console is the container's log). */
export function masterCommand(masterHost: string): string[] {
  return ["/opt/spark/bin/spark-class", "org.apache.spark.deploy.master.Master", "--host", masterHost, "--port", String(MASTER_PORT), "--webui-port", String(MASTER_WEB_PORT)];
}

export function workerCommand(workerHost: string, masterHost: string): string[] {
  return [
    "/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker",
    "--host", workerHost, "--cores", String(WORKER_CORES), "--memory", `${WORKER_MEMORY_MB}m`, "--work-dir", "/opt/spark/work",
    `spark://${masterHost}:${MASTER_PORT}`,
  ];
}

export { MASTER_NODE };

function required(v: string | undefined, what: string): string {
  if (v === undefined) throw new Error(`${what} was not generated`);
  return v;
}
