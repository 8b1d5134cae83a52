// dedicatedNodes: puts each tenant's exclusive YARN node label on its NodeManager with the real `yarn rmadmin`
// (RMAdminCLI from the image's jars, as YARN's admin), then waits until the RM REST API shows every label applied.
import { HarnessError } from "../errors/harness-error.ts";
import { notYet, ready, waitUntil } from "../util/wait-until.ts";
import { hostOf } from "./cluster-config.ts";
import type { StartedCluster } from "./started-cluster.ts";
import { dedicatedNodes, type DedicatedNode } from "./topology.ts";
import { rmAdmin, type RmAdminCall } from "./rm-admin.ts";

/** The `yarn rmadmin` arguments that create the labels and put them on the nodes (host names resolved). */
export function nodeLabelCommands(labels: DedicatedNode[], hostOfNode: (node: string) => string): string[][] {
  if (labels.length === 0) return [];
  return [
    ["-addToClusterNodeLabels", labels.map((d) => `${d.label}(exclusive=true)`).join(",")],
    ["-replaceLabelsOnNode", labels.map((d) => `${hostOfNode(d.node)}=${d.label}`).join(" "), "-failOnUnknownNodes"],
  ];
}

/** Labels the dedicated NodeManagers and waits for the RM to report each label on its node. Returns the calls made. */
export async function applyNodeLabels(cluster: StartedCluster, timeoutMs = 60_000): Promise<RmAdminCall[]> {
  const labels = dedicatedNodes(cluster.topology);
  const calls: RmAdminCall[] = [];
  for (const args of nodeLabelCommands(labels, (n) => hostOf(cluster.hosts, n))) {
    const call = await rmAdmin(cluster, args);
    calls.push(call);
    cluster.log.info({ rmadmin: call.args, exitCode: call.exitCode }, "yarn rmadmin");
    if (call.exitCode !== 0)
      throw new HarnessError("CLUSTER_START_FAILED", `yarn rmadmin ${args[0]} failed (exit ${call.exitCode}) on ${cluster.hosts.rm}`, { logTail: call.output });
  }
  await waitUntil(
    {
      what: `node labels ${labels.map((d) => `${d.node}=${d.label}`).join(", ")} on RUNNING NodeManagers in the ResourceManager`,
      timeoutMs,
      intervalMs: 500,
      code: "CLUSTER_NOT_READY",
      logTail: async () => calls.map((c) => `rmadmin ${c.args.join(" ")} → exit ${c.exitCode}\n${c.output}`).join("\n"),
    },
    async () => {
      const nodes = await cluster.rm.nodes("RUNNING");
      const missing = labels
        .filter((d) => !nodes.some((n) => n.nodeHostName === hostOf(cluster.hosts, d.node) && (n.nodeLabels ?? []).includes(d.label)))
        .map((d) => `${d.node}=${d.label}`);
      return missing.length === 0 ? ready(undefined) : notYet(`missing ${missing.join(", ")}`);
    },
  );
  return calls;
}
