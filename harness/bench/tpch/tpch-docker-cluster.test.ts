import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveProfile } from "../../cluster/security-profile.ts";
import type { StartedCluster } from "../../cluster/started-cluster.ts";
import { parseTopology } from "../../cluster/topology.ts";
import type { ExecOptions } from "../../engine/container-exec.ts";
import { silentLogger } from "../../log/logger.ts";
import { SecretRegistry } from "../../util/generated-secrets.ts";
import { baseSubmitConf, REMOTE_DRIVER_DIR, tpchDockerCluster } from "./tpch-docker-cluster.ts";
import { REMOTE, TPCH_MAIN_CLASS } from "./tpch-runner.ts";

const attestationConf = { "spark.plugins": "shieldlab.attest.AttestationPlugin", "spark.remote.attestation.enable": "true" };

/** A cluster without Docker: records every exec; pgrep says an executor still records on nm-2 the first time it is asked. */
function fakeCluster(): { cluster: StartedCluster; execs: { node: string; cmd: string[]; o?: ExecOptions }[]; copies: [string, string][] } {
  const execs: { node: string; cmd: string[]; o?: ExecOptions }[] = [];
  const copies: [string, string][] = [];
  let pgreps = 0;
  const nms = [{ name: "nm-1", role: "nodemanager" }, { name: "nm-2", role: "nodemanager" }];
  const cluster = {
    topology: parseTopology({ tenants: ["alice"] }),
    profile: resolveProfile("plain"),
    hosts: { prefix: "p", rm: "p-rm", gateway: "p-gateway" },
    log: silentLogger,
    secretRegistry: new SecretRegistry("tpch-docker-test"),
    nodeManagers: nms,
    node: (name: string) => ({ name, containerId: `c-${name}` }),
    tenantPrincipal: (user: string) => `${user}@SHIELDLAB.TEST`,
    sparkConf: () => ({ "spark.eventLog.enabled": "true", ...attestationConf }),
    collectLogs: async () => [],
    exec: async (node: string, cmd: string[], o?: ExecOptions) => {
      execs.push({ node, cmd, o });
      if (cmd[0] === "pgrep") return { exitCode: node === "nm-2" && pgreps++ === 0 ? 0 : 1, stdout: "", stderr: "" };
      if (cmd[2]?.startsWith("find") && cmd[2].includes("-maxdepth 1")) return { exitCode: 0, stdout: node === "gateway" ? "" : `${REMOTE.jfr}/plain-r0-${node === "nm-1" ? 1 : 2}.jfr\n`, stderr: "" };
      if (cmd[0] === "spark-submit") return { exitCode: 0, stdout: "tpch-json {}\n", stderr: "Submitted application application_1700000000000_0001\n" };
      return { exitCode: 0, stdout: "", stderr: "" };
    },
  } as unknown as StartedCluster;
  return { cluster, execs, copies };
}

const scripts = (execs: { node: string; cmd: string[] }[]): string[] => execs.filter((e) => e.cmd[0] === "bash").map((e) => `${e.node}: ${e.cmd[2]}`);

describe("the TPC-H benchmark over a started cluster", () => {
  it("leaves the attestation layer's settings to the attested profile; the other layers' go with every submit", () => {
    expect(baseSubmitConf({ "spark.eventLog.enabled": "true", ...attestationConf }, attestationConf)).toEqual({ "spark.eventLog.enabled": "true" });
    expect(baseSubmitConf({ a: "1" })).toEqual({ a: "1" });
  });

  it("puts the driver jar on the gateway and a world-writable recordings folder on every node", async () => {
    const { cluster, execs, copies } = fakeCluster();
    const copy = async (s: string, d: string): Promise<void> => void copies.push([s, d]);
    await tpchDockerCluster(cluster, { tenant: "alice", sparkVersion: "4.0.5", driverJar: "/c/driver/k/shieldlab-tpch.jar", copy });
    expect(copies).toEqual([["/c/driver/k/shieldlab-tpch.jar", `c-gateway:${REMOTE_DRIVER_DIR}/shieldlab-tpch.jar`]]);
    expect(scripts(execs)).toEqual([
      `gateway: mkdir -p ${REMOTE_DRIVER_DIR}`,
      `gateway: chmod 0644 ${REMOTE_DRIVER_DIR}/shieldlab-tpch.jar`,
      `gateway: mkdir -p ${REMOTE.jfr} && chmod 1777 ${REMOTE.jfr}`,
      `nm-1: mkdir -p ${REMOTE.jfr} && chmod 1777 ${REMOTE.jfr}`,
      `nm-2: mkdir -p ${REMOTE.jfr} && chmod 1777 ${REMOTE.jfr}`,
    ]);
  });

  it("places a folder's content at the same path on the gateway and every NodeManager, readable by all", async () => {
    const { cluster, execs, copies } = fakeCluster();
    const copy = async (s: string, d: string): Promise<void> => void copies.push([s, d]);
    const tc = await tpchDockerCluster(cluster, { tenant: "alice", sparkVersion: "4.0.5", driverJar: "/c/j.jar", copy });
    execs.length = 0;
    copies.length = 0;
    await tc.placeEverywhere("/cache/tpch/data/sf1", REMOTE.data);
    expect(copies.sort()).toEqual([["/cache/tpch/data/sf1/.", `c-gateway:${REMOTE.data}`], ["/cache/tpch/data/sf1/.", `c-nm-1:${REMOTE.data}`], ["/cache/tpch/data/sf1/.", `c-nm-2:${REMOTE.data}`]]);
    for (const n of ["gateway", "nm-1", "nm-2"]) {
      const mine = scripts(execs).filter((s) => s.startsWith(`${n}:`));
      expect(mine).toEqual([`${n}: mkdir -p ${REMOTE.data}`, `${n}: chmod -R a+rX ${REMOTE.data}`]);
    }
  });

  it("submits the driver jar as the tenant in client mode, with the cluster's settings under the profile's", async () => {
    const { cluster, execs } = fakeCluster();
    const tc = await tpchDockerCluster(cluster, { tenant: "alice", sparkVersion: "4.0.5", driverJar: "/c/j.jar", attestationConf, copy: async () => undefined });
    const r = await tc.submit({ mainClass: TPCH_MAIN_CLASS, args: [REMOTE.data, REMOTE.queries, "q3", "1", "0", "full"], conf: { "spark.network.crypto.enabled": "true" }, timeoutMs: 60_000 });
    expect(r).toMatchObject({ exitCode: 0, appId: "application_1700000000000_0001" });
    const submit = execs.find((e) => e.cmd[0] === "spark-submit")!;
    expect(submit.node).toBe("gateway");
    expect(submit.o?.user).toBe("alice");
    const cmd = submit.cmd.join(" ");
    expect(cmd).toContain("--deploy-mode client");
    expect(cmd).toContain(`--class ${TPCH_MAIN_CLASS}`);
    expect(cmd).toContain(`${REMOTE_DRIVER_DIR}/j.jar ${REMOTE.data} ${REMOTE.queries} q3 1 0 full`);
    expect(cmd).toContain("--conf spark.network.crypto.enabled=true");
    expect(cmd).toContain("--conf spark.eventLog.enabled=true");
    expect(cmd).not.toContain("spark.plugins");
  });

  it("collects the recordings once the recording JVMs have exited, and empties the folder for the next app", async () => {
    const { cluster, execs, copies } = fakeCluster();
    const copy = async (s: string, d: string): Promise<void> => void copies.push([s, d]);
    const tc = await tpchDockerCluster(cluster, { tenant: "alice", sparkVersion: "4.0.5", driverJar: "/c/j.jar", copy });
    copies.length = 0;
    const local = mkdtempSync(join(tmpdir(), "tpch-collect-"));
    const files = await tc.collect(REMOTE.jfr, local);
    expect(files).toEqual([join(local, "nm-1", "plain-r0-1.jfr"), join(local, "nm-2", "plain-r0-2.jfr")]);
    expect(copies).toEqual([[`c-nm-1:${REMOTE.jfr}/plain-r0-1.jfr`, files[0]], [`c-nm-2:${REMOTE.jfr}/plain-r0-2.jfr`, files[1]]]);
    // the first poll saw nm-2 still recording: the files were listed only after a second poll found none
    const firstFind = execs.findIndex((e) => e.cmd[2]?.includes("-maxdepth 1"));
    expect(execs.slice(0, firstFind).filter((e) => e.cmd[0] === "pgrep")).toHaveLength(6);
    expect(scripts(execs).filter((s) => s.includes("-delete"))).toHaveLength(3);
    expect(existsSync(join(local, "collection-problems.txt"))).toBe(false);
  });

  it("collects what is there when a JVM keeps recording past the wait, and says so", async () => {
    const { cluster } = fakeCluster();
    const stuck = { ...cluster, nodeManagers: cluster.nodeManagers, node: cluster.node, exec: async (n: string, cmd: string[], o?: ExecOptions) => (cmd[0] === "pgrep" ? { exitCode: 0, stdout: "", stderr: "" } : cluster.exec(n, cmd, o)) } as unknown as StartedCluster;
    const tc = await tpchDockerCluster(stuck, { tenant: "alice", sparkVersion: "4.0.5", driverJar: "/c/j.jar", copy: async () => undefined, jfrExitTimeoutMs: 50 });
    const local = mkdtempSync(join(tmpdir(), "tpch-collect-"));
    expect(await tc.collect(REMOTE.jfr, local)).toHaveLength(2);
    expect(readFileSync(join(local, "collection-problems.txt"), "utf8")).toContain("JVMs recording with JFR");
  });
});
