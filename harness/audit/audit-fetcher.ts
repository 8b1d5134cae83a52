// Reads what the posture checks need from a running cluster: each ResourceManager's /conf and /ws/v1/cluster/info,
// each NodeManager's /conf (found through the RM's node list unless given), the CapacityScheduler's settings. HTTP
// only, through an RmTransport per base URL (plain fetch, or curl --negotiate under SPNEGO); what cannot be read is
// recorded with the reason. The caller adds what is read elsewhere (spark-defaults, the Spark release, NM dirs).
import type { RmTransport } from "../yarn/rm-client.ts";
import { parseConfDump, parseConfXml, type ConfEntry, type ConfMap } from "./conf-dump.ts";
import type { AuditInput, ClusterInfo, DaemonConf, DirStat, Readable } from "./audit-input.ts";

export interface AuditSources {
  /** The ResourceManagers' web addresses (http(s)://host:port), in the target's order. */
  resourceManagers: string[];
  /** A transport whose calls go to `baseUrl` (the path of each request is below it). */
  transportFor(baseUrl: string): RmTransport;
  /** The NodeManagers (name → web address); default: every node the RM lists, at its nodeHTTPAddress. */
  nodeManagers?: { name: string; url: string }[];
  /** capacity-scheduler.xml's text when the RM offers no scheduler-conf (a client conf dir's, the cluster's file). */
  schedulerFile?(): Promise<Readable<string>>;
  sparkDefaults(): Promise<Readable<ConfMap>>;
  sparkVersion(): Promise<Readable<string>>;
  /** stat of each NodeManager's local and log dirs (needs node access). */
  nmDirs(dirs: { node: string; key: string; path: string }[]): Promise<Readable<DirStat[]>>;
}

async function get(t: RmTransport, path: string): Promise<{ status: number; text: string }> {
  return t({ method: "GET", path });
}
const why = (e: unknown): string => (e as Error)?.message?.split("\n")[0] ?? String(e);

/** One daemon's /conf. */
export async function fetchDaemonConf(t: RmTransport, name: string, url: string): Promise<DaemonConf> {
  try {
    const r = await get(t, "/conf");
    if (r.status !== 200) return { name, url, error: `GET ${url}/conf: HTTP ${r.status}${r.status === 401 ? " (SPNEGO: no valid ticket)" : r.status === 403 ? " (not allowed: hadoop.security.instrumentation.requires.admin?)" : ""}` };
    return { name, url, conf: parseConfDump(r.text, `${url}/conf`) };
  } catch (e) {
    return { name, url, error: `GET ${url}/conf: ${why(e)}` };
  }
}

async function fetchClusterInfo(t: RmTransport, url: string): Promise<Readable<ClusterInfo>> {
  try {
    const r = await get(t, "/ws/v1/cluster/info");
    if (r.status !== 200) return { missing: `GET ${url}/ws/v1/cluster/info: HTTP ${r.status}` };
    const info = (JSON.parse(r.text) as { clusterInfo?: ClusterInfo }).clusterInfo;
    if (!info) return { missing: `GET ${url}/ws/v1/cluster/info: no clusterInfo in the answer` };
    return { value: { state: info.state, haState: info.haState, hadoopVersion: info.hadoopVersion, resourceManagerVersion: info.resourceManagerVersion }, from: `${url}/ws/v1/cluster/info` };
  } catch (e) {
    return { missing: `GET ${url}/ws/v1/cluster/info: ${why(e)}` };
  }
}

/** The RM's scheduler-conf (mutable configuration store only: {"property":[{"name","value"}]}), else the file, else what /conf carries. */
async function fetchScheduler(t: RmTransport, url: string, rmConf: ConfMap | undefined, file: AuditSources["schedulerFile"]): Promise<Readable<ConfMap>> {
  const tried: string[] = [];
  try {
    const r = await get(t, "/ws/v1/cluster/scheduler-conf");
    if (r.status === 200) {
      const props = (JSON.parse(r.text) as { property?: Array<{ name: string; value: string }> }).property ?? [];
      return { value: new Map(props.map((p) => [p.name, { value: p.value, source: "scheduler-conf" }])), from: `${url}/ws/v1/cluster/scheduler-conf` };
    }
    tried.push(`scheduler-conf: HTTP ${r.status} (no mutable configuration store)`);
  } catch (e) {
    tried.push(`scheduler-conf: ${why(e)}`);
  }
  const inConf = [...(rmConf ?? new Map<string, ConfEntry>()).entries()].filter(([k]) => k.startsWith("yarn.scheduler.capacity."));
  if (inConf.some(([k]) => k === "yarn.scheduler.capacity.root.queues")) return { value: new Map(inConf), from: `${url}/conf` };
  if (file) {
    const f = await file();
    if ("value" in f) {
      try {
        return { value: parseConfXml(f.value, f.from), from: f.from };
      } catch (e) {
        tried.push(why(e));
      }
    } else tried.push(f.missing);
  }
  return { missing: tried.join("; ") };
}

/** The RM's NodeManagers at their web addresses, same scheme as the RM's. */
async function discoverNodeManagers(t: RmTransport, rmUrl: string): Promise<{ nms: { name: string; url: string }[]; error?: string }> {
  try {
    const r = await get(t, "/ws/v1/cluster/nodes");
    if (r.status !== 200) return { nms: [], error: `GET ${rmUrl}/ws/v1/cluster/nodes: HTTP ${r.status}` };
    const nodes = (JSON.parse(r.text) as { nodes?: { node?: Array<{ nodeHostName: string; nodeHTTPAddress: string; state: string }> } }).nodes?.node ?? [];
    const scheme = rmUrl.startsWith("https:") ? "https" : "http";
    return { nms: nodes.filter((n) => n.state === "RUNNING").map((n) => ({ name: n.nodeHostName, url: `${scheme}://${n.nodeHTTPAddress}` })) };
  } catch (e) {
    return { nms: [], error: `GET ${rmUrl}/ws/v1/cluster/nodes: ${why(e)}` };
  }
}

/** ${var} references in a configured path, resolved against the same configuration (as Hadoop does). */
export function expandVars(value: string, conf: ConfMap, depth = 0): string {
  if (depth > 8) return value;
  const out = value.replace(/\$\{([^}]+)\}/g, (m, k: string) => conf.get(k)?.value ?? m);
  return out === value ? out : expandVars(out, conf, depth + 1);
}

/** The NodeManagers' local and log dirs named in their /conf (the RM's when an NM's was not read). */
export function nmDirList(nms: DaemonConf[], rmConf: ConfMap | undefined): { node: string; key: string; path: string }[] {
  return nms.flatMap((nm) => {
    const conf = nm.conf ?? rmConf;
    if (!conf) return [];
    return ["yarn.nodemanager.local-dirs", "yarn.nodemanager.log-dirs"].flatMap((key) =>
      expandVars(conf.get(key)?.value ?? "", conf)
        .split(",")
        .map((p) => p.trim().replace(/^file:\/\//, ""))
        .filter((p) => p.startsWith("/"))
        .map((path) => ({ node: nm.name, key, path })),
    );
  });
}

/** Everything the checks read; never throws for an unreadable part (it becomes `missing` with the reason). */
export async function gatherAuditInput(s: AuditSources): Promise<AuditInput> {
  const rms = await Promise.all(
    s.resourceManagers.map(async (url, i) => {
      const t = s.transportFor(url);
      const [conf, info] = await Promise.all([fetchDaemonConf(t, i === 0 ? "rm" : `rm${i + 1}`, url), fetchClusterInfo(t, url)]);
      return { url, t, conf, info };
    }),
  );
  // the active RM first: its configuration is the one in force
  rms.sort((a, b) => Number(activeOf(b.info)) - Number(activeOf(a.info)));
  const lead = rms.find((r) => r.conf.conf) ?? rms[0]!;
  const info = rms.find((r) => "value" in r.info)?.info ?? rms[0]!.info;
  const found = s.nodeManagers ? { nms: s.nodeManagers } : await discoverNodeManagers(lead.t, lead.url);
  const nodeManagers = await Promise.all(found.nms.map((n) => fetchDaemonConf(s.transportFor(n.url), n.name, n.url)));
  if (found.nms.length === 0 && "error" in found && found.error) nodeManagers.push({ name: "nodemanagers", url: lead.url, error: found.error });
  const [scheduler, sparkDefaults, sparkVersion] = await Promise.all([fetchScheduler(lead.t, lead.url, lead.conf.conf, s.schedulerFile), s.sparkDefaults(), s.sparkVersion()]);
  const dirs = nmDirList(nodeManagers.filter((n) => n.name !== "nodemanagers"), lead.conf.conf);
  const nmDirs = dirs.length === 0 ? ({ missing: "no NodeManager directories known (no /conf read)" } as const) : await s.nmDirs(dirs);
  return { resourceManagers: rms.map((r) => r.conf), nodeManagers, clusterInfo: info, scheduler, sparkDefaults, sparkVersion, nmDirs };
}

const activeOf = (i: Readable<ClusterInfo>): boolean => "value" in i && i.value.haState === "ACTIVE";

/** `stat -c '%a %U %G %n'` output lines → DirStat (in the order asked). */
export function parseStatLines(stdout: string, dirs: { node: string; key: string; path: string }[]): DirStat[] {
  const by = new Map<string, { mode: string; owner: string; group: string }>();
  for (const line of stdout.split("\n")) {
    const m = /^([0-7]{3,4}) (\S+) (\S+) (.+)$/.exec(line.trim());
    if (m) by.set(m[4]!, { mode: m[1]!, owner: m[2]!, group: m[3]! });
  }
  return dirs.flatMap((d) => {
    const s = by.get(d.path);
    return s ? [{ ...d, ...s }] : [];
  });
}
