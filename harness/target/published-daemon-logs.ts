// The daemon logs a target's ResourceManager and NodeManagers publish themselves: Hadoop's /logs/ servlet on each
// daemon's web port (HttpServer2, admin-only when authorization is on) lists the log directory, and the harness reads
// the tail of the resourcemanager / nodemanager log file it finds there — from the gateway (the target network's names
// resolve there), with the admin's ticket under SPNEGO. They become logs/rm.log and logs/nm-<n>.log, as on the
// harness's own clusters, so rm-log and daemon-keytab-login read a target too. A daemon that logs only to its console
// publishes nothing: its checks stay unknown, with the reason in collection-problems.txt.
import type { GatewayExec, SpnegoIdentity } from "../yarn/spnego-transport.ts";
import { kinitIfNoTicket } from "../util/kinit-shell.ts";

export type HadoopDaemon = "resourcemanager" | "nodemanager";

/** At most this many bytes from the end of each log (a long-running daemon's log can be large). */
export const LOG_TAIL_BYTES = 8_000_000;

/** The current log files of one daemon in a /logs/ directory listing (Jetty's HTML): `*.log`, not rotated `.log.N` or `.out`. */
export function daemonLogFiles(listingHtml: string, daemon: HadoopDaemon): string[] {
  const names = new Set<string>();
  for (const m of listingHtml.matchAll(/href="([^"?#]+)"/g)) {
    const name = decodeURIComponent(m[1]!.split("/").filter(Boolean).pop() ?? "");
    if (name.includes(daemon) && name.endsWith(".log")) names.add(name);
  }
  return [...names].sort();
}

/** The shell of one GET on the gateway: curl (SPNEGO with the admin's ticket when given), the body on stdout. */
export function logFetchScript(url: string, o: { spnego?: SpnegoIdentity; tailBytes?: number }): { script: string; env: Record<string, string> } {
  const range = o.tailBytes ? `-r -${o.tailBytes}` : "";
  const curl = `curl -sSf --max-time 30 ${range} ${o.spnego ? "--negotiate -u :" : ""} "$LOG_URL"`.replace(/\s+/g, " ");
  if (!o.spnego) return { script: curl, env: { LOG_URL: url } };
  return { script: `${kinitIfNoTicket(o.spnego.keytab, o.spnego.principal)} && ${curl}`, env: { LOG_URL: url, KRB5CCNAME: `FILE:${o.spnego.ccache}` } };
}

export interface PublishedDaemon {
  /** The harness's name for it: rm, nm-1, nm-2, … */
  node: string;
  daemon: HadoopDaemon;
  /** The daemon's web address, e.g. http://nm1.example.com:8042 */
  web: string;
}

/**
 * Reads each daemon's own log through its /logs/ servlet. Returns the logs found (node → text) and what could not be
 * read; never throws.
 */
export async function readPublishedLogs(exec: GatewayExec, daemons: PublishedDaemon[], spnego?: SpnegoIdentity): Promise<{ logs: Record<string, string>; problems: string[] }> {
  const logs: Record<string, string> = {};
  const problems: string[] = [];
  for (const d of daemons) {
    const base = d.web.replace(/\/$/, "");
    const get = async (url: string, tailBytes?: number) => {
      const { script, env } = logFetchScript(url, { ...(spnego ? { spnego } : {}), ...(tailBytes ? { tailBytes } : {}) });
      return exec(["bash", "-c", script], { env });
    };
    try {
      const listing = await get(`${base}/logs/`);
      if (listing.exitCode !== 0) {
        problems.push(`${d.node} (${base}/logs/): ${(listing.stderr || listing.stdout).trim().split("\n")[0] || `curl exit ${listing.exitCode}`}`);
        continue;
      }
      const files = daemonLogFiles(listing.stdout, d.daemon);
      if (files.length === 0) {
        problems.push(`${d.node}: ${base}/logs/ lists no ${d.daemon} *.log file (a daemon that logs only to its console publishes none)`);
        continue;
      }
      const file = files[0]!;
      const got = await get(`${base}/logs/${encodeURIComponent(file)}`, LOG_TAIL_BYTES);
      if (got.exitCode !== 0) problems.push(`${d.node} (${base}/logs/${file}): ${(got.stderr || got.stdout).trim().split("\n")[0]}`);
      else logs[d.node] = got.stdout;
    } catch (e) {
      problems.push(`${d.node} (${base}/logs/): ${(e as Error).message}`);
    }
  }
  return { logs, problems };
}
