// ten-container-snoop on dedicated, labelled NodeManagers: the same attack as container-snoop.ts (the attacker's YARN
// container reads a file in the victim's container directory), but each container's node is taken from the RM, the
// path is looked up on the attacker's node, and the attacker also tries to reach the victim's node: with the
// victim's node label on his own queue, and through the victim's queue. Every RM answer is kept as evidence.
import { randomBytes } from "node:crypto";
import { GATEWAY_NODE, NM_LOCAL_DIR, NM_LOG_DIR, hostOf } from "../cluster/cluster-config.ts";
import { rmAdmin } from "../cluster/rm-admin.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { dedicatedNodes, queueFor } from "../cluster/topology.ts";
import type { RmClient } from "../yarn/rm-client.ts";
import { notYet, ready, waitUntil } from "../util/wait-until.ts";
import { auditNode, notEnded, type SnoopOutcome } from "./container-snoop.ts";

/** One attempt of the attacker to get a container onto the victim's node, and what the RM answered. */
export interface LabelEscape {
  what: string;
  /** The request as sent: a REST submission (queue, node label) or a `yarn rmadmin` command line. */
  request: string;
  /** HTTP status of the submission (POST /ws/v1/cluster/apps), or rmadmin's exit code. */
  status: number;
  /** The RM took it: an application id with HTTP 2xx, or rmadmin exit 0. */
  accepted: boolean;
  /**
   * The RM's own permission message when it said no (RM_PERMISSION_MESSAGE, with a 4xx status / non-zero exit);
   * absent when it did not say why — then the attempt is neither accepted nor refused.
   */
  refusal?: string;
  /** The RM's answer (its exception message when it said no). */
  answer: string;
  appId?: string;
  /** Final (or last seen) state and diagnostics when the RM accepted it. */
  state?: string;
  diagnostics?: string;
  /** The node its AM container ran on, when it ran. */
  ranOn?: string;
  /** Its container printed the victim's marker. */
  read: boolean;
}

/** Where each container ran (from the RM) and what the attacker's node holds. */
export interface Placement {
  victimNode: string;
  attackerNode: string;
  /** node → labels, as the RM reports them (GET /ws/v1/cluster/nodes). */
  nodeLabels: Record<string, string[]>;
  /** The victim's file was seen on the victim's node (the path is real). */
  victimFileOnVictimNode: boolean;
  /** The same path on the attacker's node matched nothing. */
  pathAbsentOnAttackerNode: boolean;
  /** `ls` of the victim's usercache path on the attacker's node. */
  attackerNodeListing: string;
  escapes: LabelEscape[];
}

/** The NodeManager (nm-1…) that ran an app's AM container, from the RM's app attempts. */
async function amNode(cluster: StartedCluster, rm: RmClient, appId: string): Promise<string | undefined> {
  const r = await rm.call<{ appAttempts?: { appAttempt?: { nodeId?: string; nodeHttpAddress?: string }[] } }>("GET", `/apps/${appId}/appattempts`);
  const attempt = r.body?.appAttempts?.appAttempt?.at(-1);
  const host = (attempt?.nodeId || attempt?.nodeHttpAddress || "").split(":")[0];
  return host ? (cluster.nodeManagers.find((n) => n.host === host)?.name ?? host) : undefined;
}

async function waitForNode(cluster: StartedCluster, rm: RmClient, appId: string, timeoutMs: number): Promise<string | undefined> {
  return waitUntil({ what: `the RM placing ${appId}'s AM on a node`, timeoutMs }, async () => {
    const node = await amNode(cluster, rm, appId);
    return node ? ready(node) : notYet("no app attempt with a node yet");
  }).catch(() => undefined);
}

const amStdout = async (cluster: StartedCluster, node: string, appId: string): Promise<string> =>
  (await cluster.exec(node, ["bash", "-c", `cat ${NM_LOG_DIR}/${appId}/container_*_000001/stdout 2>/dev/null`])).stdout.slice(0, 2000);

export async function labelledSnoop(cluster: StartedCluster, victim: string, attacker: string): Promise<SnoopOutcome> {
  const labels = dedicatedNodes(cluster.topology);
  if (labels.length === 0) throw new Error("labelledSnoop needs topology.dedicatedNodes");
  const victimLabel = labels.find((d) => d.tenant === victim)?.label;
  const attackerLabel = labels.find((d) => d.tenant === attacker)?.label;
  if (!victimLabel || !attackerLabel) throw new Error(`${victim} and ${attacker} must both have a dedicated node (topology.tenants)`);
  const nodeLabels: Record<string, string[]> = {};
  for (const n of await cluster.rm.nodes()) nodeLabels[cluster.nodeManagers.find((m) => m.host === n.nodeHostName)?.name ?? n.nodeHostName] = n.nodeLabels ?? [];

  const marker = `SHIELDLAB-SNOOP-${randomBytes(6).toString("hex")}`;
  const victimRm = cluster.rm.as(victim);
  const attackerRm = cluster.rm.as(attacker);
  const v = await victimRm.submitProbe(queueFor(cluster.topology, victim), `echo ${marker} > victim-data.txt; sleep 600`, "victim", { nodeLabel: victimLabel });
  if (!v.appId || v.status >= 300) throw new Error(`${victim} could not submit: HTTP ${v.status} ${v.text.slice(0, 200)}`);
  const victimApp = v.appId;
  const glob = `${NM_LOCAL_DIR}/usercache/${victim}/appcache/${victimApp}/container_*/victim-data.txt`;
  const snoopCommand = `{ cat ${glob}; hostname; id; } 1><LOG_DIR>/stdout 2>&1`;
  const accepted: string[] = [];
  // REST submissions carry an empty node-label expression (ApplicationSubmissionContextInfo defaults it to ""), so the
  // queue's default-node-label-expression does not apply to them: every probe names a label (spark-submit's need not)
  try {
    const victimNode = await waitForNode(cluster, victimRm, victimApp, 90_000);
    if (!victimNode) throw new Error(`the RM never placed ${victim}'s app ${victimApp} on a node`);
    // the path is real: the victim's file is there, on the victim's node
    const victimFileOnVictimNode = await waitUntil({ what: `${victim}'s file on ${victimNode}`, timeoutMs: 60_000 }, async () =>
      (await cluster.exec(victimNode, ["bash", "-c", `cat ${glob} 2>/dev/null`])).stdout.includes(marker) ? ready(true) : notYet("no marker yet"),
    ).catch(() => false);

    // the attack itself: the attacker's container, wherever the RM puts it, reads the victim's path
    const a = await attackerRm.submitProbe(queueFor(cluster.topology, attacker), snoopCommand, "snoop", { nodeLabel: attackerLabel });
    if (!a.appId || a.status >= 300) throw new Error(`${attacker} could not submit: HTTP ${a.status} ${a.text.slice(0, 200)}`);
    const attackerApp = a.appId;
    await attackerRm.waitForApp(attackerApp, 90_000).catch(() => undefined);
    const attackerNode = (await amNode(cluster, attackerRm, attackerApp)) ?? "(never placed)";
    const attackerStdout = attackerNode.startsWith("nm-") ? await amStdout(cluster, attackerNode, attackerApp) : "";
    // the victim's path on the attacker's node, and whose usercache dirs exist there at all
    const onAttackerNode = async (cmd: string): Promise<{ exitCode: number; text: string }> => {
      if (!attackerNode.startsWith("nm-")) return { exitCode: -1, text: "(no node)" };
      const r = await cluster.exec(attackerNode, ["bash", "-c", cmd]);
      return { exitCode: r.exitCode, text: `${r.stdout}${r.stderr}`.trim() };
    };
    const ls = await onAttackerNode(`ls -d ${glob}`);
    const users = await onAttackerNode(`ls ${NM_LOCAL_DIR}/usercache/`);
    const listing = `${ls.text}\nusercache on ${attackerNode}: ${users.text.split("\n").join(" ")}`;

    // can the attacker get onto the victim's node at all? (1) the victim's label on his own queue, (2) her queue,
    // (3) relabel her node into his partition with yarn rmadmin from the gateway, as himself
    const escapes: LabelEscape[] = [];
    const attempts = [
      { what: `${attacker} asks for node label ${victimLabel} in his own queue`, queue: queueFor(cluster.topology, attacker), nodeLabel: victimLabel },
      { what: `${attacker} submits to ${victim}'s queue with her node label ${victimLabel}`, queue: queueFor(cluster.topology, victim), nodeLabel: victimLabel },
    ];
    for (const at of attempts) {
      const r = await attackerRm.submitProbe(at.queue, snoopCommand, "label-escape", { nodeLabel: at.nodeLabel });
      const request = `POST /ws/v1/cluster/apps?user.name=${attacker} queue=${at.queue}${at.nodeLabel ? ` app-node-label-expression=am-container-node-label-expression=${at.nodeLabel}` : ""}`;
      const took = r.appId !== undefined && r.appId !== "" && r.status >= 200 && r.status < 300;
      const answer = rmMessage(r.text);
      const e: LabelEscape = { what: at.what, request, status: r.status, accepted: took, refusal: !took && r.status >= 400 && r.status < 500 ? rmPermissionLine(answer) : undefined, answer, read: false };
      if (took && r.appId) {
        accepted.push(r.appId);
        e.appId = r.appId;
        const end = await attackerRm.waitForApp(r.appId, 60_000).catch(() => undefined);
        const app = end ?? (await attackerRm.app(r.appId).catch(() => undefined));
        e.state = app?.state;
        e.diagnostics = app?.diagnostics?.slice(0, 400);
        e.ranOn = await amNode(cluster, attackerRm, r.appId).catch(() => undefined);
        if (e.ranOn?.startsWith("nm-")) e.read = (await amStdout(cluster, e.ranOn, r.appId)).includes(marker);
      }
      escapes.push(e);
    }
    const victimHost = hostOf(cluster.hosts, victimNode);
    const relabel = await rmAdmin(cluster, ["-replaceLabelsOnNode", `${victimHost}=${attackerLabel}`, "-failOnUnknownNodes"], { node: GATEWAY_NODE, user: attacker });
    escapes.push({
      what: `${attacker} moves ${victim}'s node ${victimNode} into his partition`,
      request: `yarn rmadmin ${relabel.args.join(" ")} (as ${attacker}, on the gateway)`,
      status: relabel.exitCode,
      accepted: relabel.exitCode === 0,
      refusal: relabel.exitCode !== 0 ? rmPermissionLine(relabel.output) : undefined,
      answer: relabel.exitCode === 0 ? "accepted (exit 0): the RM relabelled the node" : (relabel.output.split("\n").find((l) => /Exception|permission/i.test(l))?.trim() ?? relabel.output.slice(-400)),
      read: false,
    });
    // an accepted relabel would break the cluster for the next scenario: the admin puts the label back
    if (relabel.exitCode === 0) await rmAdmin(cluster, ["-replaceLabelsOnNode", `${victimHost}=${victimLabel}`]);
    // the victim is held (it sleeps until this step kills it): confirm it was there for the whole attack
    const victimRunning = await notEnded(victimRm, victimApp);

    return {
      node: attackerNode,
      victim,
      attacker,
      victimApp,
      attackerApp,
      marker,
      attackerStdout,
      read: attackerStdout.includes(marker),
      victimRunning,
      audit: attackerNode.startsWith("nm-") ? await auditNode(cluster, attackerNode) : [],
      placement: {
        victimNode,
        attackerNode,
        nodeLabels,
        victimFileOnVictimNode,
        pathAbsentOnAttackerNode: ls.exitCode !== 0 && /No such file or directory/.test(ls.text),
        attackerNodeListing: listing.slice(0, 600),
        escapes,
      },
    };
  } finally {
    await victimRm.killApp(victimApp).catch(() => undefined);
    for (const id of accepted) await attackerRm.killApp(id).catch(() => undefined);
  }
}

/**
 * The ResourceManager's own words for "not allowed", as its code writes them (the client only relays them):
 * SchedulerUtils' label check ("queue=bob doesn't have permission to access all labels in resource request"),
 * RMAppManager's queue ACL ("User bob does not have permission to submit application_… to queue alice") and
 * AdminService's admin ACL ("User bob doesn't have permission to call 'replaceLabelsOnNode'").
 */
export const RM_PERMISSION_MESSAGE =
  /queue=\S+ doesn't have permission to access all labels in resource request|User \S+ does not have permission to submit \S+ to queue \S+|User \S+ doesn't have permission to call '\w+'/;

/** The line of an RM answer that carries its permission message, trimmed; undefined when there is none. */
export function rmPermissionLine(text: string): string | undefined {
  return text.split("\n").find((l) => RM_PERMISSION_MESSAGE.test(l))?.trim().slice(0, 600);
}

/** The RM's refusal as one line: the RemoteException message out of its JSON, else the text. */
export function rmMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { RemoteException?: { exception?: string; message?: string } };
    if (j.RemoteException) return `${j.RemoteException.exception ?? "RemoteException"}: ${j.RemoteException.message ?? ""}`.slice(0, 600);
  } catch {
    /* not JSON */
  }
  return text.slice(0, 600);
}
