// The TPC-H benchmark's TpchCluster over a started YARN cluster: folders copied to the same path on the gateway and
// every NodeManager (docker cp), client-mode spark-submit of the driver jar as the bench tenant, JFR recordings moved
// off the nodes once the JVMs that write them have exited.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { dockerCp, shellQuote } from "../../attest/host/node-commands.ts";
import { GATEWAY_NODE } from "../../cluster/cluster-config.ts";
import type { StartedCluster } from "../../cluster/started-cluster.ts";
import { HarnessError, tailLines } from "../../errors/harness-error.ts";
import { sparkSubmit } from "../../spark/spark-submit.ts";
import { notYet, ready, waitUntil } from "../../util/wait-until.ts";
import { REMOTE, type TpchCluster } from "./tpch-runner.ts";

/** Where the driver jar goes on the gateway. */
export const REMOTE_DRIVER_DIR = "/opt/shieldlab/tpch/driver";
/** A JVM still recording has this in its command line (jfrJavaOptions). */
const RECORDING_JVM = "StartFlightRecording";

export interface TpchDockerClusterOptions {
  tenant: string;
  sparkVersion: string;
  /** the driver jar on this machine (ensureDriverJar) */
  driverJar: string;
  /** the attestation layer's Spark settings on an attested cluster: only the attested profile gets them */
  attestationConf?: Record<string, string>;
  /** each app's submit.log, and the YARN container logs of an app that failed, under <logDir>/app-<n>/ */
  logDir?: string;
  /** how long collect waits for the recording JVMs to exit (executors dump their recording on exit) */
  jfrExitTimeoutMs?: number;
  /** docker cp (tests pass their own) */
  copy?: (src: string, dest: string) => Promise<void>;
}

/**
 * What every submit gets from the cluster: its layers' settings, less the attestation layer's (on an attested cluster
 * the baseline runs without the plugin; the attested profile adds them back through tpchProfileConf).
 */
export function baseSubmitConf(layerConf: Record<string, string>, attestationConf?: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(layerConf).filter(([k]) => !(attestationConf && k in attestationConf)));
}

/** The nodes a folder is placed on: the gateway (driver) and every NodeManager (executors). */
function placeNodes(cluster: StartedCluster): string[] {
  return [GATEWAY_NODE, ...cluster.nodeManagers.map((n) => n.name)];
}

async function run(cluster: StartedCluster, node: string, script: string): Promise<string> {
  const r = await cluster.exec(node, ["bash", "-c", script]);
  if (r.exitCode !== 0) throw new HarnessError("EXEC_FAILED", `${script.slice(0, 200)} failed (exit ${r.exitCode}) on ${node}`, { logTail: tailLines(r.stderr + r.stdout) });
  return r.stdout;
}

/** Wraps a started cluster for runTpchBench: puts the driver jar on the gateway and the recordings folder on every node. */
export async function tpchDockerCluster(cluster: StartedCluster, o: TpchDockerClusterOptions): Promise<TpchCluster> {
  const copy = o.copy ?? ((src: string, dest: string) => dockerCp(src, dest));
  const nodes = placeNodes(cluster);
  const base = baseSubmitConf(cluster.sparkConf(), o.attestationConf);
  const jar = `${REMOTE_DRIVER_DIR}/${basename(o.driverJar)}`;
  await run(cluster, GATEWAY_NODE, `mkdir -p ${REMOTE_DRIVER_DIR}`);
  await copy(o.driverJar, `${cluster.node(GATEWAY_NODE).containerId}:${jar}`);
  await run(cluster, GATEWAY_NODE, `chmod 0644 ${jar}`);
  // the driver (the tenant) and the executors (the NodeManager's user) both write recordings here
  const jfrDir = shellQuote(REMOTE.jfr);
  await Promise.all(nodes.map((n) => run(cluster, n, `mkdir -p ${jfrDir} && chmod 1777 ${jfrDir}`)));
  let apps = 0;
  return {
    sparkVersion: o.sparkVersion,
    topology: cluster.topology,
    secrets: cluster.secrets,
    attestationConf: o.attestationConf,

    async placeEverywhere(localDir, remoteDir) {
      const dir = shellQuote(remoteDir);
      await Promise.all(
        nodes.map(async (n) => {
          await run(cluster, n, `mkdir -p ${dir}`);
          // "<dir>/." copies the folder's content into remoteDir, beside what is there already
          await copy(`${localDir}/.`, `${cluster.node(n).containerId}:${remoteDir}`);
          await run(cluster, n, `chmod -R a+rX ${dir}`);
        }),
      );
    },

    async submit({ mainClass, args, conf, timeoutMs, onOutput }) {
      const logDir = o.logDir ? join(o.logDir, `app-${++apps}`) : undefined;
      const r = await sparkSubmit(cluster, { tenant: o.tenant, mainClass, args, conf: { ...base, ...conf }, jar, timeoutMs, logDir, onOutput });
      // a failed app's container logs say why (the cluster's secrets redacted); a problem collecting them is not the run's
      if (r.exitCode !== 0 && logDir) await cluster.collectLogs(join(logDir, "yarn"), r.appId ? [r.appId] : []).catch(() => undefined);
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, appId: r.appId };
    },

    async openTurns(localDir, remoteDir) {
      const dir = shellQuote(remoteDir);
      // the drivers run as the tenant and write their ready/done files here
      await run(cluster, GATEWAY_NODE, `rm -rf ${dir} && mkdir -p ${dir} && chmod 1777 ${dir}`);
      await copy(`${localDir}/.`, `${cluster.node(GATEWAY_NODE).containerId}:${remoteDir}`);
      await run(cluster, GATEWAY_NODE, `chmod a+r ${dir}/* && chmod 1777 ${dir}`);
    },

    async abortTurns(remoteDir, why) {
      await run(cluster, GATEWAY_NODE, `[ -e ${shellQuote(`${remoteDir}/abort`)} ] || printf '%s\\n' ${shellQuote(why)} > ${shellQuote(`${remoteDir}/abort`)}`);
    },

    async collect(remoteDir, localDir) {
      const problems: string[] = [];
      // executors write their recording when they exit, which may be after the driver's spark-submit returned
      await waitUntil({ what: `JVMs recording with JFR on ${nodes.join(", ")} to exit`, timeoutMs: o.jfrExitTimeoutMs ?? 60_000, intervalMs: 500 }, async () => {
        const running: string[] = [];
        for (const n of nodes) if ((await cluster.exec(n, ["pgrep", "-f", RECORDING_JVM])).exitCode === 0) running.push(n);
        return running.length === 0 ? ready(true) : notYet(`still recording on ${running.join(", ")}`);
      }).catch((e: Error) => problems.push(`${e.message}; collecting what is there`));
      const dir = shellQuote(remoteDir);
      const out: string[] = [];
      for (const n of nodes) {
        // the dumps only: the repository's chunks of a JVM that dumped are gone, and those of one that did not would count twice
        const files = (await run(cluster, n, `find ${dir} -maxdepth 1 -type f -name '*.jfr' 2>/dev/null || true`)).split("\n").filter(Boolean);
        if (files.length > 0) mkdirSync(join(localDir, n), { recursive: true });
        for (const f of files) {
          const dest = join(localDir, n, basename(f));
          try {
            await copy(`${cluster.node(n).containerId}:${f}`, dest);
            out.push(dest);
          } catch (e) {
            problems.push((e as Error).message);
          }
        }
        await run(cluster, n, `find ${dir} -mindepth 1 -delete 2>/dev/null || true`);
      }
      if (problems.length > 0) {
        cluster.log.warn({ remoteDir, problems }, "some JFR recordings could not be collected");
        mkdirSync(localDir, { recursive: true });
        writeFileSync(join(localDir, "collection-problems.txt"), `${problems.join("\n")}\n`);
      }
      return out;
    },
  };
}
