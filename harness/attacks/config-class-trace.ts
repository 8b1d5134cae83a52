// CVE-2023-22946: a jar handed to a privileged submitter (a Livy-like service that runs spark-submit --proxy-user for its
// users) carries a "configuration class" — a Hadoop delegation token provider named in META-INF/services. Before Spark
// 3.4.0, spark-submit puts the app's jars on its own class loader in YARN cluster mode, so Spark instantiates that
// provider inside the submitter's process: the user's code runs with the submitter's OS user and Kerberos login.
// The provider (fixtures/jobs/src/shieldlab/configclass) leaves one trace file per process that loaded it; this module
// reads and clears those files on every node.
import type { StartedCluster } from "../cluster/started-cluster.ts";

/** Where the provider writes (TraceTokenProvider.TRACE_DIR). */
export const TRACE_DIR = "/tmp/shieldlab-config-class";
/** The option SPARK-41958 added (3.3.3 with default true, 3.4.0 with default false). */
export const CUSTOM_CLASSPATH_OPTION = "spark.submit.proxyUser.allowCustomClasspathInClusterMode";
/** spark-submit's warning when it drops the app's jars from its own class path (3.3.3+, option false); 3.3.4 and 3.4.0
 *  print it after clearing the list, so it names no jar ("Ignore classpath  with proxy user …"). */
export const IGNORE_CLASSPATH = /Ignore classpath\b.*?\bwith proxy user specified in Cluster mode/;
/** The provider's own stderr line (TraceTokenProvider): it was instantiated, or it failed to write its trace. */
export const PROVIDER_SAYS = /SHIELDLAB-CONFIG-CLASS (loaded in|trace failed)/;

/** One process that loaded the provider, as its trace file says. */
export interface ConfigClassTrace {
  /** The cluster node whose /tmp held the trace (gateway, nm-1, …). */
  node: string;
  host: string;
  pid: string;
  /** The JVM's main class: org.apache.spark.deploy.SparkSubmit for the submitter's own process. */
  mainClass: string;
  osUser: string;
  /** The Hadoop login user: whose Kerberos credentials the process holds. */
  loginUser: string;
  loginAuth: string;
  loginHasKerberos: boolean;
  /** UGI.getCurrentUser(): "john (auth:PROXY) via bob@REALM (auth:KERBEROS)" inside a proxy-user submit. */
  currentUser: string;
  ticketCache?: string;
  /** Bytes of the login user's ticket cache the loaded class could read (its size only, never its content). */
  ticketCacheReadBytes?: number;
  ticketCacheReadError?: string;
}

/** Parses one trace file (key=value lines). */
export function parseTrace(node: string, text: string): ConfigClassTrace | undefined {
  const kv = new Map<string, string>();
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) kv.set(line.slice(0, i), line.slice(i + 1));
  }
  const mainClass = kv.get("mainClass");
  const loginUser = kv.get("loginUser");
  if (!mainClass || !loginUser) return undefined;
  const bytes = kv.get("ticketCacheReadBytes");
  return {
    node,
    host: kv.get("host") ?? "",
    pid: kv.get("pid") ?? "",
    mainClass,
    osUser: kv.get("osUser") ?? "",
    loginUser,
    loginAuth: kv.get("loginAuth") ?? "",
    loginHasKerberos: kv.get("loginHasKerberos") === "true",
    currentUser: kv.get("currentUser") ?? "",
    ...(kv.has("ticketCache") ? { ticketCache: kv.get("ticketCache") } : {}),
    ...(bytes !== undefined ? { ticketCacheReadBytes: Number(bytes) } : {}),
    ...(kv.has("ticketCacheReadError") ? { ticketCacheReadError: kv.get("ticketCacheReadError") } : {}),
  };
}

/** Splits `tail -v -n +1` output of several files ("==> path <==" headers) into one text per file. */
export function splitTails(out: string): string[] {
  return out.split(/^==> .* <==$/m).map((t) => t.trim()).filter((t) => t.length > 0);
}

/** Empties the trace folder on every node (as root) and makes it anew, sticky and world-writable like /tmp, so a trace
 *  can only come from this submit and every user's process can leave one but not touch another's. */
export async function clearTraces(cluster: StartedCluster): Promise<void> {
  await Promise.all(cluster.nodes.map((n) => cluster.exec(n.name, ["bash", "-c", `rm -rf ${TRACE_DIR} && install -d -m 1777 ${TRACE_DIR}`])));
}

/** Every trace on every node (as root). */
export async function readTraces(cluster: StartedCluster): Promise<ConfigClassTrace[]> {
  const perNode = await Promise.all(
    cluster.nodes.map(async (n) => {
      const r = await cluster.exec(n.name, ["bash", "-c", `shopt -s nullglob; f=(${TRACE_DIR}/*.trace); [ \${#f[@]} -eq 0 ] || tail -v -n +1 "\${f[@]}"`]);
      return splitTails(r.stdout).flatMap((t) => parseTrace(n.name, t) ?? []);
    }),
  );
  return perNode.flat();
}
