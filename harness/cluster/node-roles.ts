// The kinds of node a cluster has, and what each one runs.
export type NodeRole = "resourcemanager" | "nodemanager" | "gateway";

export interface ClusterNode {
  /** Logical name: rm, nm-1, …, gateway. */
  name: string;
  /** DNS host name on the cluster network (also the container name). */
  host: string;
  role: NodeRole;
  containerId: string;
}
