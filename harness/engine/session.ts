// A session: one id that labels every container and network a run starts, so leftovers can be found.
import { randomBytes } from "node:crypto";

export const SESSION_LABEL = "shieldlab.session";
export const ROLE_LABEL = "shieldlab.role";
export const PID_LABEL = "shieldlab.pid";
/** The node's logical name (rm, nm-1, gateway) on cluster containers. */
export const NODE_LABEL = "shieldlab.node";
/** On the RM container: the cluster's topology and profile (JSON), so `submit` can attach to a kept cluster. */
export const CLUSTER_LABEL = "shieldlab.cluster";
/** Set on resources started with --keep: start-up reaping leaves them; `shieldlab down` removes them. */
export const KEEP_LABEL = "shieldlab.keep";

export function newSessionId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

export function sessionLabels(sessionId: string, role: string, keep = false): Record<string, string> {
  const labels: Record<string, string> = { [SESSION_LABEL]: sessionId, [ROLE_LABEL]: role, [PID_LABEL]: String(process.pid) };
  if (keep) labels[KEEP_LABEL] = "true";
  return labels;
}
