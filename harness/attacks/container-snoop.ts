// Tenant B's YARN container reads a file in tenant A's YARN container directory on the same NodeManager.
// Both are bare YARN apps submitted through the RM REST API; B's AM command is the attack.
import { randomBytes } from "node:crypto";
import { NM_LOCAL_DIR, NM_LOG_DIR } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { queueFor } from "../cluster/topology.ts";
import { notYet, ready, waitUntil } from "../util/wait-until.ts";
import { TERMINAL_STATES, type RmClient } from "../yarn/rm-client.ts";
import { auditContainerExecutor, type Deviation, type FileFact, type NodeFacts } from "./container-executor-audit.ts";

export interface SnoopOutcome {
  node: string;
  victim: string;
  attacker: string;
  victimApp: string;
  attackerApp: string;
  /** The harmless marker the victim wrote (not a secret). */
  marker: string;
  /** What the attacker's container printed. */
  attackerStdout: string;
  read: boolean;
  /** The victim's app had not ended when the attacker's container did (its files were there to read). */
  victimRunning?: boolean;
  audit: Deviation[];
  /** On dedicated, labelled nodes (labelled-snoop.ts): where each container ran and the attacker's escape attempts. */
  placement?: import("./labelled-snoop.ts").Placement;
}

export async function containerSnoop(cluster: StartedCluster, victim: string, attacker: string): Promise<SnoopOutcome> {
  const node = cluster.nodeManagers[0]!.name;
  const marker = `SHIELDLAB-SNOOP-${randomBytes(6).toString("hex")}`;
  const v = await cluster.rm.as(victim).submitProbe(queueFor(cluster.topology, victim), `echo ${marker} > victim-data.txt; sleep 600`, "victim");
  if (!v.appId || v.status >= 300) throw new Error(`${victim} could not submit: HTTP ${v.status} ${v.text.slice(0, 200)}`);
  const victimApp = v.appId;
  const glob = `${NM_LOCAL_DIR}/usercache/${victim}/appcache/${victimApp}/container_*/victim-data.txt`;
  try {
    await waitUntil({ what: `${victim}'s container writing its file on ${node}`, timeoutMs: 60_000 }, async () => {
      const r = await cluster.exec(node, ["bash", "-c", `cat ${glob}`]);
      return r.stdout.includes(marker) ? ready(true) : notYet(r.stderr.trim().slice(0, 160) || "no marker yet");
    });
    // YARN keeps an AM's output only where its command writes it: <LOG_DIR> is expanded by the NodeManager
    const a = await cluster.rm.as(attacker).submitProbe(queueFor(cluster.topology, attacker), `{ cat ${glob}; id; } 1><LOG_DIR>/stdout 2>&1`, "snoop");
    if (!a.appId || a.status >= 300) throw new Error(`${attacker} could not submit: HTTP ${a.status} ${a.text.slice(0, 200)}`);
    const attackerApp = a.appId;
    await cluster.rm.as(attacker).waitForApp(attackerApp, 60_000);
    const out = await cluster.exec(node, ["bash", "-c", `cat ${NM_LOG_DIR}/${attackerApp}/container_*_000001/stdout 2>/dev/null`]);
    // the victim is held (it sleeps until this step kills it): confirm it was still there when the attack ended
    return { node, victim, attacker, victimApp, attackerApp, marker, attackerStdout: out.stdout.slice(0, 2000), read: out.stdout.includes(marker), victimRunning: await notEnded(cluster.rm.as(victim), victimApp), audit: await auditNode(cluster, node) };
  } finally {
    await cluster.rm.as(victim).killApp(victimApp).catch(() => undefined);
  }
}

/**
 * Whether a held victim's app had not ended when the attack did (checked after it: the victim sleeps until its step
 * kills it). A bare REST app whose AM never registers stays ACCEPTED, so "not ended" rather than "RUNNING".
 */
export async function notEnded(rm: RmClient, appId: string): Promise<boolean> {
  const state = (await rm.app(appId).catch(() => undefined))?.state;
  return state !== undefined && !TERMINAL_STATES.includes(state);
}

/** Gathers the facts seed 003 (docs/sources.md) asks about from a NodeManager and audits them. */
export async function auditNode(cluster: StartedCluster, node: string): Promise<Deviation[]> {
  const stat = async (path: string): Promise<FileFact> => {
    const r = await cluster.exec(node, ["stat", "-c", "%A %U %G", path]);
    if (r.exitCode !== 0) return { path, exists: false };
    const [mode, owner, group] = r.stdout.trim().split(" ");
    // files are reported without their type letter, as the checklist writes them (---Sr-s---)
    return { path, exists: true, mode: mode && !mode.startsWith("d") ? mode.slice(1) : mode, owner, group };
  };
  const yarnSite = cluster.config.hadoop["yarn-site.xml"] ?? "";
  const cls = /<name>yarn\.nodemanager\.container-executor\.class<\/name><value>([^<]*)</.exec(yarnSite)?.[1] ?? "(default) DefaultContainerExecutor";
  const cfgPath = "/etc/hadoop/conf/container-executor.cfg";
  const cfg = await stat(cfgPath);
  const cfgText = cfg.exists ? (await cluster.exec(node, ["cat", cfgPath])).stdout : undefined;
  const facts: NodeFacts = {
    containerExecutorClass: cls,
    binary: await stat("/opt/hadoop/bin/container-executor"),
    cfg: { ...cfg, text: cfgText },
    localDirs: [await stat(NM_LOCAL_DIR)],
    logDirs: [await stat(NM_LOG_DIR)],
  };
  return auditContainerExecutor(facts);
}
