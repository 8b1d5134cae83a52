// Renders every config file of the cluster from the typed topology and security profile — never hand-copied.
import { renderHadoopXml, type Properties } from "./hadoop-xml.ts";
import type { SecurityProfile } from "./security-profile.ts";
import { dedicatedNodes, effectiveQueues, type Topology } from "./topology.ts";
import { secureCoreSite, secureYarnSite } from "./secure-mode.ts";

/** Logical node names; the DNS host name of each is `<hostPrefix>-<name>` (see ClusterHosts). */
export const RM_NODE = "rm";
export const GATEWAY_NODE = "gateway";
export const SHARED_DIR = "/shared";
export const NM_LOG_DIR = "/var/log/hadoop/userlogs";
export const NM_LOCAL_DIR = "/var/lib/hadoop/nm-local";
export const RM_WEB_PORT = 8088;
export const NM_WEB_PORT = 8042;
/** Where the RM keeps its node labels (centralized configuration, the RM container's own disk). */
export const NODE_LABELS_STORE = "file:///var/lib/hadoop/node-labels";
/** The OS user the YARN daemons run as, and YARN's admin when ACLs are on. */
export const YARN_USER = "yarn";
/** The RPC TLS keystore (PKCS12, also the trust store), generated per cluster on the shared volume. */
export const RPC_KEYSTORE = `${SHARED_DIR}/tls/spark-rpc.p12`;

/** Per-cluster secrets that go into configs (never into logs or reports). */
export interface ClusterSecrets {
  keystorePassword: string;
}

/**
 * Host names on the cluster network. Each node's container is named `<prefix>-<node>` and its host name is the fully
 * qualified `<prefix>-<node>.<domain>`, where the domain is the network's name: Docker's DNS then answers the forward
 * lookup of both names and the reverse lookup of the address with the same FQDN (Kerberos' `_HOST` needs them to agree).
 */
export interface ClusterHosts {
  prefix: string;
  /** The DNS domain: the cluster network's name. */
  domain: string;
  rm: string;
  gateway: string;
}

/** The cluster network's name (also its DNS domain). */
export function clusterNetworkName(sessionId: string): string {
  return `shieldlab-${sessionId}`;
}

export function clusterHosts(sessionId: string): ClusterHosts {
  const prefix = `shieldlab-${sessionId.slice(-6)}`;
  const domain = clusterNetworkName(sessionId);
  return { prefix, domain, rm: `${prefix}-${RM_NODE}.${domain}`, gateway: `${prefix}-${GATEWAY_NODE}.${domain}` };
}

/** A node's fully qualified host name. */
export function hostOf(hosts: ClusterHosts, node: string): string {
  return `${hosts.prefix}-${node}.${hosts.domain}`;
}

/** A node's container name (`docker exec -it <name> bash`); Docker's DNS resolves it too. */
export function containerNameOf(hosts: ClusterHosts, node: string): string {
  return `${hosts.prefix}-${node}`;
}

export interface ClusterConfigFiles {
  /** Files for $HADOOP_CONF_DIR (/etc/hadoop/conf) on every node. */
  hadoop: Record<string, string>;
  /** Files for $SPARK_CONF_DIR (/opt/spark/conf) on every node. */
  spark: Record<string, string>;
}

const aclList = (users: "*" | string[]): string => (users === "*" ? "*" : users.length === 0 ? " " : users.join(","));

export function coreSite(p?: SecurityProfile): Properties {
  return [
    ["fs.defaultFS", "file:///"],
    ["hadoop.tmp.dir", "/var/lib/hadoop/tmp"],
    ...(p?.kerberos ? secureCoreSite(p.kerberos) : [["hadoop.security.authentication", "simple"] as [string, string]]),
  ];
}

export function yarnSite(t: Topology, p: SecurityProfile, hosts: ClusterHosts): Properties {
  return [
    ["yarn.resourcemanager.hostname", hosts.rm],
    ["yarn.resourcemanager.webapp.address", `${hosts.rm}:${RM_WEB_PORT}`],
    ["yarn.resourcemanager.bind-host", "0.0.0.0"],
    ["yarn.nodemanager.bind-host", "0.0.0.0"],
    ["yarn.resourcemanager.scheduler.class", "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler"],
    ["yarn.scheduler.minimum-allocation-mb", 256],
    ["yarn.scheduler.maximum-allocation-mb", t.nodeManager.memoryMb],
    ["yarn.scheduler.maximum-allocation-vcores", t.nodeManager.vcores],
    ["yarn.nodemanager.resource.memory-mb", t.nodeManager.memoryMb],
    ["yarn.nodemanager.resource.cpu-vcores", t.nodeManager.vcores],
    ["yarn.nodemanager.address", "${yarn.nodemanager.hostname}:8041"],
    ["yarn.nodemanager.webapp.address", `\${yarn.nodemanager.hostname}:${NM_WEB_PORT}`],
    ["yarn.nodemanager.local-dirs", NM_LOCAL_DIR],
    ["yarn.nodemanager.log-dirs", NM_LOG_DIR],
    ["yarn.nodemanager.vmem-check-enabled", false],
    ["yarn.nodemanager.pmem-check-enabled", false],
    ["yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 99],
    // keep container dirs and logs after an app ends, so evidence can be collected
    ["yarn.nodemanager.delete.debug-delay-sec", 3600],
    ["yarn.log-aggregation-enable", false],
    ["yarn.nodemanager.container-executor.class", "org.apache.hadoop.yarn.server.nodemanager.DefaultContainerExecutor"],
    // containers see only the conf dir; Spark brings its own (shaded) Hadoop client jars
    ["yarn.application.classpath", "$HADOOP_CONF_DIR"],
    ["yarn.timeline-service.enabled", false],
    // the CapacityScheduler allocates on node heartbeats: 1 s by default, which a short job waits out several times
    ["yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 250],
    // NodeManagers start with the ResourceManager: until it listens they retry it, pausing this long between rounds of
    // RPC connect retries (default 30 s). The NodeManager-only key, so that clients (spark-submit) keep YARN's pacing
    ["yarn.nodemanager.resourcemanager.connect.retry-interval.ms", 250],
    ["yarn.acl.enable", p.yarnAcls],
    ["yarn.admin.acl", p.yarnAcls ? YARN_USER : "*"],
    ...nodeLabelSite(t),
    ...(p.kerberos ? secureYarnSite(p.kerberos) : []),
  ];
}

/** yarn-site for dedicatedNodes: node labels on, kept by the RM, assigned centrally (yarn rmadmin). */
export function nodeLabelSite(t: Topology): Properties {
  if (dedicatedNodes(t).length === 0) return [];
  return [
    ["yarn.node-labels.enabled", true],
    ["yarn.node-labels.fs-store.root-dir", NODE_LABELS_STORE],
    ["yarn.node-labels.configuration-type", "centralized"],
  ];
}

/**
 * capacity-scheduler for dedicatedNodes: each tenant's queue may use only its own label (all of it) and asks for it
 * by default; root's share of every label is 100 %. (root's accessible-node-labels is always "*" in Hadoop 3.4.)
 */
export function nodeLabelQueues(t: Topology): Array<[string, string | number]> {
  const props: Array<[string, string | number]> = [];
  for (const d of dedicatedNodes(t)) {
    const q = `yarn.scheduler.capacity.root.${d.queue}`;
    props.push(
      [`yarn.scheduler.capacity.root.accessible-node-labels.${d.label}.capacity`, 100],
      [`${q}.accessible-node-labels`, d.label],
      [`${q}.accessible-node-labels.${d.label}.capacity`, 100],
      [`${q}.accessible-node-labels.${d.label}.maximum-capacity`, 100],
      [`${q}.default-node-label-expression`, d.label],
    );
  }
  return props;
}

export function capacityScheduler(t: Topology): Properties {
  const queues = effectiveQueues(t);
  const props: [string, string | number][] = [
    ["yarn.scheduler.capacity.root.queues", queues.map((q) => q.name).join(",")],
    ["yarn.scheduler.capacity.maximum-am-resource-percent", 0.5],
    // children inherit root's ACLs, whose default is "*": a single space means nobody, so queue ACLs decide
    ["yarn.scheduler.capacity.root.acl_submit_applications", " "],
    ["yarn.scheduler.capacity.root.acl_administer_queue", " "],
  ];
  for (const q of queues) {
    const prefix = `yarn.scheduler.capacity.root.${q.name}`;
    props.push(
      [`${prefix}.capacity`, q.capacity],
      [`${prefix}.maximum-capacity`, 100],
      // one user per queue here: let that user grow to the queue's maximum (the default factor 1 stops it at the
      // queue's share, so with three tenants a Pi's executors would wait for each other)
      [`${prefix}.user-limit-factor`, Math.max(1, Math.ceil(100 / q.capacity))],
      [`${prefix}.state`, "RUNNING"],
      [`${prefix}.acl_submit_applications`, aclList(q.submit)],
      [`${prefix}.acl_administer_queue`, aclList(q.administer)],
    );
  }
  props.push(...nodeLabelQueues(t));
  return props;
}

/**
 * How Spark's JVMs (driver, YARN AM, executors) start. "fast-start": C1 only and the serial collector — a short job's
 * JVMs spend their first seconds compiling on the same two cores (Pi end to end ≈ 16 s → 11 s here) — and the image's
 * class-data sharing archive (≈ 10 s → 7.5 s); scenarios assert security, not throughput. "full-jit": the JVM's
 * defaults, for benchmarks that measure encryption cost.
 */
export type JvmStart = "fast-start" | "full-jit";
/** The class-data sharing archive of the image's Spark classes (made at image build, over SPARK_JARS_CLASSPATH). */
export const SPARK_CDS_ARCHIVE = "/opt/spark/cds/spark.jsa";
/** Spark's jars as the first class path entry: the archive is used only when the class path starts as it did at dump. */
export const SPARK_JARS_CLASSPATH = "/opt/spark/jars/*";
export const FAST_START_JVM_OPTIONS = `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile=${SPARK_CDS_ARCHIVE}`;

/** Spark's RPC protection settings of a profile (network crypto, SASL encryption, TLS for RPC), shared by YARN and
 *  standalone clusters; `keystorePassword` only matters with rpcTls. */
export function rpcProtectionConf(p: SecurityProfile, keystorePassword: string): Array<[string, string]> {
  const conf: Array<[string, string]> = [];
  if (p.networkCrypto !== "off") {
    conf.push(["spark.network.crypto.enabled", "true"]);
    // "aes-default" leaves the cipher to the release (its default is what CVE-2025-55039 is about)
    if (p.networkCrypto !== "aes-default") conf.push(["spark.network.crypto.cipher", p.networkCrypto === "aes-gcm" ? "AES/GCM/NoPadding" : "AES/CTR/NoPadding"]);
    // no silent fallback to SASL when crypto is asked for
    conf.push(["spark.network.crypto.saslFallback", "false"]);
  }
  if (p.saslEncryption) conf.push(["spark.authenticate.enableSaslEncryption", "true"]);
  if (p.rpcTls) {
    conf.push(
      ["spark.ssl.rpc.enabled", "true"],
      ["spark.ssl.rpc.keyStore", RPC_KEYSTORE],
      ["spark.ssl.rpc.keyStorePassword", keystorePassword],
      ["spark.ssl.rpc.keyPassword", keystorePassword],
      ["spark.ssl.rpc.trustStore", RPC_KEYSTORE],
      ["spark.ssl.rpc.trustStorePassword", keystorePassword],
    );
  }
  return conf;
}

/** spark-defaults.conf entries; each key is Spark's own documented name. */
export function sparkDefaults(t: Topology, p: SecurityProfile, secrets?: ClusterSecrets, jvm: JvmStart = "fast-start"): Array<[string, string]> {
  const conf: Array<[string, string]> = [
    ["spark.master", "yarn"],
    ["spark.yarn.jars", "local:/opt/spark/jars/*"],
    ["spark.yarn.stagingDir", `file://${SHARED_DIR}/staging`],
    ["spark.yarn.maxAppAttempts", "1"],
    ["spark.driver.memory", "512m"],
    ["spark.yarn.am.memory", "512m"],
    ["spark.executor.memory", "512m"],
    ["spark.executor.cores", "1"],
    ["spark.executor.instances", String(Math.min(2, t.nodeManagers * 2))],
    ["spark.ui.showConsoleProgress", "false"],
    ["spark.yarn.report.interval", "500ms"],
    // the AM asks the RM for containers on this beat once its first requests are out (default 3 s)
    ["spark.yarn.scheduler.heartbeat.interval-ms", "1000"],
    ["spark.authenticate", String(p.sparkAuth)],
    ["spark.io.encryption.enabled", String(p.ioEncryption)],
  ];
  if (jvm === "fast-start") {
    // defaultJavaOptions are the administrator's, prepended to any extraJavaOptions a job sets
    conf.push(
      ["spark.driver.defaultJavaOptions", FAST_START_JVM_OPTIONS],
      ["spark.executor.defaultJavaOptions", FAST_START_JVM_OPTIONS],
      ["spark.yarn.am.extraJavaOptions", FAST_START_JVM_OPTIONS],
      // the archive's class path first (Spark's own jars; they come first on YARN's class path anyway)
      ["spark.driver.extraClassPath", SPARK_JARS_CLASSPATH],
      ["spark.executor.extraClassPath", SPARK_JARS_CLASSPATH],
      ["spark.yarn.am.extraClassPath", SPARK_JARS_CLASSPATH],
    );
  }
  conf.push(...rpcProtectionConf(p, secrets?.keystorePassword ?? "unset"));
  if (p.rpcTls) {
    const pw = secrets?.keystorePassword ?? "unset";
    conf.push(
      // Spark 4.0 on YARN does not hand the RPC SSL passwords to executors (their SSLFactory fails with
      // "password is null"); SecurityManager reads them from these environment variables instead
      ["spark.executorEnv._SPARK_SSL_RPC_KEY_PASSWORD", pw],
      ["spark.executorEnv._SPARK_SSL_RPC_KEY_STORE_PASSWORD", pw],
      ["spark.executorEnv._SPARK_SSL_RPC_TRUST_STORE_PASSWORD", pw],
    );
  }
  if (p.uiTls) {
    const pw = secrets?.keystorePassword ?? "unset";
    // HTTPS on spark.ssl.ui.port (default: spark.ui.port + 400); the plain port then only redirects to it
    conf.push(
      ["spark.ssl.ui.enabled", "true"],
      ["spark.ssl.ui.keyStore", RPC_KEYSTORE],
      ["spark.ssl.ui.keyStorePassword", pw],
      ["spark.ssl.ui.keyPassword", pw],
    );
  }
  if (p.yarnAcls) conf.push(["spark.acls.enable", "true"]);
  return conf;
}

export function renderSparkDefaults(conf: Array<[string, string]>): string {
  return `# rendered by shieldlab from the topology and security profile\n${conf.map(([k, v]) => `${k} ${v}`).join("\n")}\n`;
}

const LOG4J_HADOOP = `# rendered by shieldlab: daemons log to the console (docker logs) and to /var/log/hadoop
log4j.rootLogger=INFO,console,file
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.target=System.err
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %p %c{2}: %m%n
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=/var/log/hadoop/\${shieldlab.daemon}.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=%d{ISO8601} %p %c{2}: %m%n
log4j.logger.org.eclipse.jetty=WARN
log4j.logger.org.apache.hadoop.util.NativeCodeLoader=ERROR
`;

const LOG4J2_SPARK = `# rendered by shieldlab: Spark processes log to stderr (container logs)
rootLogger.level = info
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
logger.jetty.name = org.sparkproject.jetty
logger.jetty.level = warn
logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
logger.nativecode.level = error
`;

export function renderClusterConfig(t: Topology, p: SecurityProfile, hosts: ClusterHosts, secrets?: ClusterSecrets, jvm: JvmStart = "fast-start"): ClusterConfigFiles {
  return {
    hadoop: {
      "core-site.xml": renderHadoopXml(coreSite(p), "core-site.xml rendered by shieldlab"),
      "yarn-site.xml": renderHadoopXml(yarnSite(t, p, hosts), "yarn-site.xml rendered by shieldlab"),
      "capacity-scheduler.xml": renderHadoopXml(capacityScheduler(t), "capacity-scheduler.xml rendered by shieldlab"),
      "log4j.properties": LOG4J_HADOOP,
    },
    spark: {
      "spark-defaults.conf": renderSparkDefaults(sparkDefaults(t, p, secrets, jvm)),
      "log4j2.properties": LOG4J2_SPARK,
    },
  };
}
