import { describe, expect, it } from "vitest";
import { parseHadoopXml } from "./hadoop-xml.ts";
import { FAST_START_JVM_OPTIONS, clusterHosts, clusterNetworkName, containerNameOf, hostOf, renderClusterConfig, sparkDefaults } from "./cluster-config.ts";
import { resolveProfile } from "./security-profile.ts";
import { parseTopology } from "./topology.ts";

const users = ["alice", "bob", "john", "tim", "anna", "eva"];
const hosts = clusterHosts("20261122-000000-abcdef");

describe("renderClusterConfig", () => {
  it("points every node at the RM host and sizes the NodeManagers from the topology", () => {
    const t = parseTopology({ nodeManagers: 3, nodeManager: { memoryMb: 4096, vcores: 2 } }, "topology", users);
    const files = renderClusterConfig(t, resolveProfile("plain"), hosts);
    const yarn = parseHadoopXml(files.hadoop["yarn-site.xml"]!);
    expect(yarn.get("yarn.resourcemanager.hostname")).toBe("shieldlab-abcdef-rm.shieldlab-20261122-000000-abcdef");
    expect(yarn.get("yarn.resourcemanager.webapp.address")).toBe("shieldlab-abcdef-rm.shieldlab-20261122-000000-abcdef:8088");
    expect(yarn.get("yarn.nodemanager.resource.memory-mb")).toBe("4096");
    expect(yarn.get("yarn.nodemanager.resource.cpu-vcores")).toBe("2");
    expect(yarn.get("yarn.acl.enable")).toBe("false");
    expect(parseHadoopXml(files.hadoop["core-site.xml"]!).get("fs.defaultFS")).toBe("file:///");
  });

  it("renders one queue per tenant whose capacities add up to 100", () => {
    const t = parseTopology({ tenants: ["alice", "bob", "eva"] }, "topology", users);
    const cs = parseHadoopXml(renderClusterConfig(t, resolveProfile("plain"), hosts).hadoop["capacity-scheduler.xml"]!);
    expect(cs.get("yarn.scheduler.capacity.root.queues")).toBe("alice,bob,eva");
    const total = ["alice", "bob", "eva"].reduce((s, q) => s + Number(cs.get(`yarn.scheduler.capacity.root.${q}.capacity`)), 0);
    expect(total).toBeCloseTo(100, 6);
    expect(cs.get("yarn.scheduler.capacity.root.bob.acl_submit_applications")).toBe("bob");
    // root must be closed, or every child inherits "*"
    expect(cs.get("yarn.scheduler.capacity.root.acl_submit_applications")).toBe(" ");
  });

  it("writes Spark's exact security keys for the auth-gcm profile", () => {
    const t = parseTopology({}, "topology", users);
    const conf = renderClusterConfig(t, resolveProfile("auth-gcm"), hosts).spark["spark-defaults.conf"]!;
    expect(conf).toMatch(/^spark\.authenticate true$/m);
    expect(conf).toMatch(/^spark\.network\.crypto\.enabled true$/m);
    expect(conf).toMatch(/^spark\.network\.crypto\.cipher AES\/GCM\/NoPadding$/m);
    expect(conf).toMatch(/^spark\.yarn\.jars local:\/opt\/spark\/jars\/\*$/m);
  });

  it("auth-aes switches AES encryption on and names no cipher: the release's default applies", () => {
    const conf = renderClusterConfig(parseTopology({}, "topology", users), resolveProfile("auth-aes"), hosts).spark["spark-defaults.conf"]!;
    expect(conf).toMatch(/^spark\.network\.crypto\.enabled true$/m);
    expect(conf).toMatch(/^spark\.network\.crypto\.saslFallback false$/m);
    expect(conf).not.toMatch(/spark\.network\.crypto\.cipher/);
    const ctr = renderClusterConfig(parseTopology({}, "topology", users), resolveProfile("auth-ctr"), hosts).spark["spark-defaults.conf"]!;
    expect(ctr).toMatch(/^spark\.network\.crypto\.cipher AES\/CTR\/NoPadding$/m);
  });

  it("leaves encryption off in the plain profile", () => {
    const conf = renderClusterConfig(parseTopology({}, "topology", users), resolveProfile("plain"), hosts).spark["spark-defaults.conf"]!;
    expect(conf).toMatch(/^spark\.authenticate false$/m);
    expect(conf).not.toMatch(/spark\.network\.crypto/);
  });
});

describe("TLS for RPC", () => {
  it("enables spark.ssl.rpc with the generated keystore, and hands executors the passwords through their environment", () => {
    const t = parseTopology({}, "topology", users);
    const conf = renderClusterConfig(t, resolveProfile("tls-rpc"), hosts, { keystorePassword: "pw-123" }).spark["spark-defaults.conf"]!;
    expect(conf).toMatch(/^spark\.ssl\.rpc\.enabled true$/m);
    expect(conf).toMatch(/^spark\.ssl\.rpc\.keyStore \/shared\/tls\/spark-rpc\.p12$/m);
    expect(conf).toMatch(/^spark\.ssl\.rpc\.keyPassword pw-123$/m);
    expect(conf).toMatch(/^spark\.executorEnv\._SPARK_SSL_RPC_KEY_PASSWORD pw-123$/m);
    // TLS for RPC alone does not switch on the UI or other TLS
    expect(conf).not.toMatch(/^spark\.ssl\.enabled/m);
  });
});

describe("Spark JVM start-up", () => {
  const t = parseTopology({}, "topology", ["alice"]);
  const p = resolveProfile("plain");
  it("scenarios' JVMs start fast (C1 only, serial GC) for the driver, the YARN AM and the executors", () => {
    const conf = Object.fromEntries(sparkDefaults(t, p));
    for (const k of ["spark.driver.defaultJavaOptions", "spark.executor.defaultJavaOptions", "spark.yarn.am.extraJavaOptions"]) expect(conf[k]).toBe(FAST_START_JVM_OPTIONS);
  });
  it("full-jit (the overhead benchmark) keeps the JVM's own defaults", () => {
    const conf = Object.fromEntries(sparkDefaults(t, p, undefined, "full-jit"));
    expect(Object.keys(conf).filter((k) => /JavaOptions/.test(k))).toEqual([]);
  });
});

describe("cluster host names", () => {
  it("names each node's container <prefix>-<node> and its host the FQDN in the network's domain", () => {
    expect(hosts).toEqual({
      prefix: "shieldlab-abcdef",
      domain: "shieldlab-20261122-000000-abcdef",
      rm: "shieldlab-abcdef-rm.shieldlab-20261122-000000-abcdef",
      gateway: "shieldlab-abcdef-gateway.shieldlab-20261122-000000-abcdef",
    });
    expect(clusterNetworkName("20261122-000000-abcdef")).toBe(hosts.domain);
    expect(hostOf(hosts, "nm-2")).toBe("shieldlab-abcdef-nm-2.shieldlab-20261122-000000-abcdef");
    expect(hostOf(hosts, "rm")).toBe(hosts.rm);
    expect(containerNameOf(hosts, "nm-2")).toBe("shieldlab-abcdef-nm-2");
  });

  it("every host name fits Linux's 64-byte limit and is lowercase (Kerberos' _HOST is the lowercased FQDN)", () => {
    for (const node of ["rm", "gateway", "nm-12", "verifier", "kdc", "mitm"]) {
      const h = hostOf(hosts, node);
      expect(h.length).toBeLessThanOrEqual(64);
      expect(h).toBe(h.toLowerCase());
    }
  });
});
