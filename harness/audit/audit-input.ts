// What the posture checks read: gathered by the fetcher (or built from a profile's rendered config in tests). A part
// that could not be read is absent with the reason, and the checks that need it say `unknown` with that reason.
import type { ConfMap } from "./conf-dump.ts";

/** One daemon's /conf, or why it could not be read. */
export interface DaemonConf {
  /** "rm", "rm2", "nm-1" or a NodeManager's host:port. */
  name: string;
  url: string;
  conf?: ConfMap;
  error?: string;
}

/** /ws/v1/cluster/info's clusterInfo (the fields the audit reads). */
export interface ClusterInfo {
  state?: string;
  haState?: string;
  hadoopVersion?: string;
  resourceManagerVersion?: string;
}

/** One NodeManager directory as `stat -c '%a %U %G'` saw it. */
export interface DirStat {
  node: string;
  /** yarn.nodemanager.local-dirs or log-dirs */
  key: string;
  path: string;
  mode: string;
  owner: string;
  group: string;
}

/** A source the audit could or could not read: the value, or the reason it is missing. */
export type Readable<T> = { value: T; from: string } | { missing: string };

export interface AuditInput {
  /** The ResourceManager(s): the active one first when HA. */
  resourceManagers: DaemonConf[];
  nodeManagers: DaemonConf[];
  clusterInfo: Readable<ClusterInfo>;
  /** capacity-scheduler settings (the RM's scheduler-conf, the client conf dir's or the cluster's file). */
  scheduler: Readable<ConfMap>;
  /** The cluster's spark-defaults.conf. */
  sparkDefaults: Readable<ConfMap>;
  /** The Spark release the cluster's clients use. */
  sparkVersion: Readable<string>;
  /** NodeManager local and log dirs (needs node access). */
  nmDirs: Readable<DirStat[]>;
}
