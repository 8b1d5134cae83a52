// The kinds of node a cluster has, and what each one runs.
/** YARN: resourcemanager, nodemanager; Spark standalone: master, worker; both: gateway (where tenants submit). */
export type NodeRole = "resourcemanager" | "nodemanager" | "master" | "worker" | "gateway";

export interface ClusterNode {
  /** Logical name: rm, nm-1, …, gateway (standalone: master, worker-1, …, gateway). */
  name: string;
  /** DNS host name on the cluster network (also the container name). */
  host: string;
  role: NodeRole;
  containerId: string;
}
