import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { silentLogger } from "../log/logger.ts";
import { RmClient } from "../yarn/rm-client.ts";
import { clusterHosts, hostOf, renderClusterConfig, sparkDefaults } from "./cluster-config.ts";
import { layerKey, type ClusterLayer, type LayerKey, type StartedLayer } from "./cluster-layer.ts";
import { ClusterPlan } from "./cluster-plan.ts";
import { layersAfterScenario, layersBeforeScenario, startLayered, type Daemons } from "./layer-lifecycle.ts";
import { resolveProfile } from "./security-profile.ts";
import { StartedCluster } from "./started-cluster.ts";
import { parseTopology } from "./topology.ts";

const topology = parseTopology({ nodeManagers: 2 });
const profile = resolveProfile("plain");

function plan(p: typeof profile = profile): ClusterPlan {
  const hosts = clusterHosts("t1");
  return new ClusterPlan("t1", topology, p, hosts, renderClusterConfig(topology, p, hosts), sparkDefaults(topology, p));
}

function fakeCluster(p: ClusterPlan, events: string[]): StartedCluster {
  return new StartedCluster({
    sessionId: p.sessionId, image: "img", topology, profile, config: p.config, nodes: [], rm: new RmClient("http://rm.invalid"),
    keep: false, networkName: "n", hosts: p.hosts, log: silentLogger,
    stop: async () => void events.push("daemons stop"),
  });
}

interface FakeStarted extends StartedLayer {
  readonly name: string;
}

/** A layer that records each lifecycle call in `events`; `fail` names the call that throws. */
function fakeLayer(name: string, events: string[], fail?: "configure" | "start" | "before" | "after" | "collect"): ClusterLayer<FakeStarted> {
  const key: LayerKey<FakeStarted> = layerKey<FakeStarted>(name);
  return {
    key,
    configure(p) {
      events.push(`${name} configure`);
      if (fail === "configure") throw new Error("bad plan");
      p.addCapabilities("nodemanager", `CAP_${name.toUpperCase()}`);
      p.addSparkDefaults({ [`spark.${name}`]: "on" });
    },
    async start() {
      events.push(`${name} start`);
      if (fail === "start") throw new Error("no container");
      return {
        key,
        name,
        sparkConf: () => ({ [`spark.${name}.url`]: name, "spark.shared": name }),
        beforeScenario: async (s) => {
          events.push(`${name} before ${s.name}`);
          if (fail === "before") throw new Error("not clean");
        },
        afterScenario: async () => {
          events.push(`${name} after`);
          if (fail === "after") throw new Error("undo broke");
          return [];
        },
        collect: async (dir) => {
          events.push(`${name} collect ${dir}`);
          if (fail === "collect") throw new Error("gone");
          return [];
        },
        stop: async () => void events.push(`${name} stop`),
        [Symbol.asyncDispose]: async () => undefined,
      };
    },
  };
}

describe("startLayered", () => {
  it("configures every layer before the daemons start and starts the layers after, in order", async () => {
    const events: string[] = [];
    const p = plan();
    const c = await startLayered([fakeLayer("a", events), fakeLayer("b", events)], p, {
      start: async (pl) => {
        events.push("daemons start");
        return fakeCluster(pl, events);
      },
    });
    expect(events).toEqual(["a configure", "b configure", "daemons start", "a start", "b start"]);
    expect(c.layers.map((l) => l.key.name)).toEqual(["a", "b"]);
    expect(p.node("nm-1").capabilities).toEqual(["CAP_A", "CAP_B"]);
    expect(p.node("rm").capabilities).toEqual([]);
    expect(p.config.spark["spark-defaults.conf"]).toMatch(/spark\.a on\nspark\.b on\n$/);
  });

  it("stops the started layers, newest first, when a later layer fails, and names the failed layer", async () => {
    const events: string[] = [];
    const e = await startLayered([fakeLayer("a", events), fakeLayer("b", events), fakeLayer("c", events, "start"), fakeLayer("d", events)], plan(), {
      start: async (pl) => fakeCluster(pl, events),
    }).catch((x: unknown) => x);
    expect(isHarnessError(e, "LAYER_FAILED")).toBe(true);
    expect((e as Error).message).toBe("layer c did not start: no container");
    expect(events.filter((x) => !x.endsWith("configure"))).toEqual(["a start", "b start", "c start", "b stop", "a stop"]);
  });

  it("starts no daemon when a layer cannot configure, and refuses the same layer twice", async () => {
    const events: string[] = [];
    const daemons = { start: async (pl: ClusterPlan) => (events.push("daemons start"), fakeCluster(pl, events)) };
    const e = await startLayered([fakeLayer("a", events, "configure")], plan(), daemons).catch((x: unknown) => x);
    expect((e as Error).message).toBe("layer a could not configure the cluster: bad plan");
    expect(events).toEqual(["a configure"]);
    const twice = await startLayered([fakeLayer("a", events), fakeLayer("a", events)], plan(), daemons).catch((x: unknown) => x);
    expect(isHarnessError(twice, "INVALID_INPUT")).toBe(true);
  });
});

/** Daemons that record the network, the start, and the environment the layers' prepare() got. */
function recordingDaemons(events: string[]): Daemons {
  return {
    network: async (pl) => {
      events.push("network");
      return {
        networkName: "shieldlab-t1",
        image: "img",
        containerName: (n) => `${pl.hosts.prefix}-${n}`,
        host: (n) => hostOf(pl.hosts, n),
        labels: (role, n) => ({ role, node: n }),
      };
    },
    start: async (pl) => {
      events.push("daemons start");
      return fakeCluster(pl, events);
    },
  };
}

/** A layer with a prepare() step (a KDC, say): provides `provides` in configure, puts a file on the plan in prepare. */
function preparingLayer(name: string, events: string[], o: { provides?: string; failPrepare?: boolean } = {}): ClusterLayer<FakeStarted> {
  const base = fakeLayer(name, events);
  return {
    ...base,
    configure(p) {
      base.configure!(p);
      if (o.provides) p.provide(o.provides);
    },
    async prepare(p, env) {
      events.push(`${name} prepare on ${env.networkName} as ${env.host(name)}`);
      if (o.failPrepare) throw new Error("kadmin failed");
      p.node("gateway").files.push({ target: `/etc/${name}`, content: Buffer.from("k"), mode: 0o400 });
    },
  };
}

describe("startLayered with prepare() and capabilities", () => {
  const kerberized = resolveProfile({ profile: "acls", kerberos: {} });

  it("configures, makes the network, prepares, then starts the daemons and the layers", async () => {
    const events: string[] = [];
    const p = plan(kerberized);
    await startLayered([fakeLayer("a", events), preparingLayer("kdc", events, { provides: "kdc" })], p, recordingDaemons(events));
    expect(events).toEqual(["a configure", "kdc configure", "network", `kdc prepare on shieldlab-t1 as ${hostOf(p.hosts, "kdc")}`, "daemons start", "a start", "kdc start"]);
    // what prepare() put on the plan is there when the daemons' containers are made from it
    expect(p.filesOf(p.node("gateway")).some((f) => f.target === "/etc/kdc")).toBe(true);
  });

  it("refuses a Kerberized profile with no layer providing a KDC: INVALID_INPUT, and no daemon starts", async () => {
    for (const daemons of [(ev: string[]) => recordingDaemons(ev), (ev: string[]) => ({ start: recordingDaemons(ev).start })]) {
      const events: string[] = [];
      const e = await startLayered([fakeLayer("a", events)], plan(kerberized), daemons(events)).catch((x: unknown) => x);
      expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
      expect((e as Error).message).toMatch(/^the cluster of t1 needs kdc \(.*KdcLayer.*\), and no layer added provides it$/);
      expect(events).not.toContain("daemons start");
      expect(events).not.toContain("a start");
    }
    // a layer that prepares but provides something else does not count
    const events: string[] = [];
    const e = await startLayered([preparingLayer("other", events, { provides: "ca" })], plan(kerberized), recordingDaemons(events)).catch((x: unknown) => x);
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect(events).not.toContain("daemons start");
  });

  it("the same profile starts once a layer provides the KDC", async () => {
    const events: string[] = [];
    const c = await startLayered([preparingLayer("kdc", events, { provides: "kdc" })], plan(kerberized), recordingDaemons(events));
    expect(c.layers.map((l) => l.key.name)).toEqual(["kdc"]);
  });

  it("a prepare() that fails is named, and no daemon starts; a prepare() with no network to run on is refused", async () => {
    const events: string[] = [];
    const e = await startLayered([preparingLayer("kdc", events, { provides: "kdc", failPrepare: true })], plan(kerberized), recordingDaemons(events)).catch((x: unknown) => x);
    expect(isHarnessError(e, "LAYER_FAILED")).toBe(true);
    expect((e as Error).message).toBe("layer kdc could not prepare the cluster: kadmin failed");
    expect(events).not.toContain("daemons start");

    const quiet: string[] = [];
    const noNet = await startLayered([preparingLayer("kdc", quiet, { provides: "kdc" })], plan(kerberized), { start: recordingDaemons(quiet).start }).catch((x: unknown) => x);
    expect(isHarnessError(noNet, "INVALID_INPUT")).toBe(true);
    expect((noNet as Error).message).toContain("layer kdc prepares the cluster, but no network is made");
    expect(quiet).toEqual(["kdc configure"]);
  });

  it("makes no network when no layer prepares and the daemons make none", async () => {
    const events: string[] = [];
    await startLayered([fakeLayer("a", events)], plan(), { start: recordingDaemons(events).start });
    expect(events).toEqual(["a configure", "daemons start", "a start"]);
  });
});

describe("a started cluster's layers", () => {
  it("finds a layer by key, merges their spark confs in start order, and stops them before the daemons", async () => {
    const events: string[] = [];
    const a = fakeLayer("a", events);
    const c = await startLayered([a, fakeLayer("b", events)], plan(), { start: async (pl) => fakeCluster(pl, events) });
    expect(c.layer(a.key)?.name).toBe("a");
    expect(c.layer(layerKey("a"))).toBeUndefined();
    expect(c.sparkConf()).toEqual({ "spark.a.url": "a", "spark.b.url": "b", "spark.shared": "b" });
    events.length = 0;
    await c.stop();
    expect(events).toEqual(["b stop", "a stop", "daemons stop"]);
  });

  it("runs beforeScenario in order and names the layer that failed", async () => {
    const events: string[] = [];
    const c = await startLayered([fakeLayer("a", events), fakeLayer("b", events, "before")], plan(), { start: async (pl) => fakeCluster(pl, events) });
    events.length = 0;
    const e = await layersBeforeScenario(c.layers, { name: "x/y", attestation: {} }).catch((x: unknown) => x);
    expect(events).toEqual(["a before x/y", "b before x/y"]);
    expect((e as Error).message).toBe("layer b could not be prepared for x/y: not clean");
  });

  it("undoes newest first, then collects each layer into its own folder, and never throws", async () => {
    const events: string[] = [];
    const c = await startLayered([fakeLayer("a", events, "after"), fakeLayer("b", events, "collect")], plan(), { start: async (pl) => fakeCluster(pl, events) });
    events.length = 0;
    const r = await layersAfterScenario(c.layers, "/run/s1");
    expect(events).toEqual(["b after", "a after", "a collect /run/s1/a", "b collect /run/s1/b"]);
    expect(r).toEqual({ undone: ["a: undo broke"], collected: ["b: gone"] });
  });
});

describe("startFailure", () => {
  it("keeps a coded error, but an exec Docker could not run before the daemons were ready is a start failure", async () => {
    const { startFailure } = await import("./cluster-builder.ts");
    const { HarnessError } = await import("../errors/harness-error.ts");
    const layer = new HarnessError("LAYER_FAILED", "layer a did not start");
    expect(startFailure(layer, "s1", true, "")).toBe(layer);
    const exec = new HarnessError("EXEC_FAILED", "docker exec mkdir: gone");
    expect(startFailure(exec, "s1", true, "")).toBe(exec);
    const early = startFailure(exec, "s1", false, "rm| boom");
    expect(early.code).toBe("CLUSTER_START_FAILED");
    expect(early.message).toBe("cluster s1 did not start: docker exec mkdir: gone");
    expect(early.logTail).toBe("rm| boom");
    expect(startFailure(new Error("no address"), "s1", true, "").code).toBe("CLUSTER_START_FAILED");
  });
});
