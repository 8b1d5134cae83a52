import { describe, expect, it } from "vitest";
import { silentLogger } from "../log/logger.ts";
import type { RmClient } from "../yarn/rm-client.ts";
import { FAST_START_JVM_OPTIONS, clusterHosts, type JvmStart } from "./cluster-config.ts";
import { resolveProfile } from "./security-profile.ts";
import { StartedCluster } from "./started-cluster.ts";
import { parseTopology } from "./topology.ts";

const topology = parseTopology({}, "topology", ["alice"]);
const cluster = (jvm?: JvmStart, stop?: () => Promise<void>): StartedCluster =>
  new StartedCluster({
    stop,
    sessionId: "20261130-000000-abcdef",
    image: "img",
    topology,
    profile: resolveProfile("plain"),
    config: { hadoop: {}, spark: {} },
    nodes: [],
    rm: {} as RmClient,
    keep: false,
    networkName: "net",
    hosts: clusterHosts("20261130-000000-abcdef"),
    secrets: { keystorePassword: "pw-0123456789" },
    jvm,
    layerSparkDefaults: [["spark.layer.key", "layer-value"]],
    log: silentLogger,
  });

describe("StartedCluster.sparkDefaultsFor (a scenario's spark-defaults.conf on a shared cluster)", () => {
  it("renders the scenario's profile with this cluster's secrets and JVM start-up, then the layers' defaults", () => {
    const text = cluster().sparkDefaultsFor(topology, resolveProfile("tls-rpc"));
    expect(text).toContain("spark.ssl.rpc.enabled true");
    expect(text).toContain("spark.ssl.rpc.keyStorePassword pw-0123456789");
    expect(text).toContain(`spark.executor.defaultJavaOptions ${FAST_START_JVM_OPTIONS}`);
    expect(text.trimEnd().split("\n").at(-1)).toBe("spark.layer.key layer-value");
  });

  it("keeps a full-JIT cluster full-JIT under every profile", () => {
    expect(cluster("full-jit").sparkDefaultsFor(topology, resolveProfile("auth-gcm"))).not.toMatch(/JavaOptions/);
  });
});

describe("StartedCluster.stop", () => {
  it("tears down once, and every caller (the lane, Ctrl-C) waits for that one teardown", async () => {
    let removals = 0;
    let finish!: () => void;
    const c = cluster(undefined, () => {
      removals++;
      return new Promise<void>((r) => (finish = r));
    });
    let firstDone = false;
    const first = c.stop().then(() => void (firstDone = true));
    const second = c.stop();
    await new Promise((r) => setTimeout(r, 10));
    expect(firstDone).toBe(false);
    finish();
    await Promise.all([first, second]);
    expect(removals).toBe(1);
  });

  it("refuses to stop a cluster it only attached to", async () => {
    await expect(cluster().stop()).rejects.toThrow(/was attached; it is stopped with `shieldlab down`/);
  });
});
