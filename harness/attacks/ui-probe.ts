// Asks the driver's web UI for its REST API over plain HTTP and over HTTPS, from inside the ResourceManager's
// container: YARN's AmIpFilter lets only the RM's proxy address through to the UI, and sends others there.
// Besides the HTTP answer it keeps what the connection itself showed (curl -v): the TLS handshake on the HTTPS
// port, and a connection refused or reset on a port that did not answer — a timeout is no refusal.
import { GATEWAY_NODE, RM_NODE } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";

export const UI_PORT = 4040;
/** Spark's default HTTPS port for the UI: spark.ui.port + 400. */
export const UI_TLS_PORT = UI_PORT + 400;

export interface UiAnswer {
  url: string;
  /** curl's %{http_code}: "000" when no HTTP answer came (refused, reset, timed out, or no TLS). */
  httpCode: string;
  redirect: string;
  /** The first bytes of the body, to show it was (or was not) the UI's JSON. */
  body: string;
  /** curl's exit code (7: could not connect, 28: timed out, 35: TLS handshake failed, 56: receive failure). */
  exitCode?: number;
  /** curl's own error message (%{errormsg}). */
  error?: string;
  /** What the socket said when the connection failed ("Connection refused", "Connection reset by peer"). */
  connection?: string;
  /** The handshake curl completed: "TLSv1.3 / TLS_AES_256_GCM_SHA384" (from "SSL connection using …"). */
  tls?: string;
}

export interface UiProbeOutcome {
  plain: UiAnswer;
  https: UiAnswer;
}

/** The shell command behind one probe (exported for tests): -w fields on their own lines, then the verbose log's lines that matter. */
export function uiProbeCommand(url: string): string {
  const fields = "code=%{http_code}\\nexit=%{exitcode}\\nredirect=%{redirect_url}\\nerror=%{errormsg}\\n";
  return [
    "d=$(mktemp -d)",
    `curl -sk -v --max-time 10 -o "$d/body" -w '${fields}' '${url}' 2>"$d/verbose"`,
    `echo "tls=$(grep -m1 -o 'SSL connection using .*' "$d/verbose" | sed 's/^SSL connection using //' | tr -d '\\r')"`,
    `echo "connection=$(grep -m1 -oE 'failed: .*|Connection reset by peer|Connection refused' "$d/verbose" | sed 's/^failed: //' | tr -d '\\r')"`,
    'echo "body="; head -c 200 "$d/body" 2>/dev/null',
    'rm -rf "$d"',
  ].join("; ");
}

/** Parses uiProbeCommand's output. */
export function parseUiProbe(url: string, stdout: string): UiAnswer {
  const [head = "", ...rest] = stdout.split("\nbody=\n");
  const field = (k: string): string => new RegExp(`^${k}=(.*)$`, "m").exec(head)?.[1]?.trim() ?? "";
  const exit = field("exit");
  return {
    url,
    httpCode: field("code") || "000",
    redirect: field("redirect"),
    body: rest.join("\nbody=\n").slice(0, 200),
    ...(exit !== "" ? { exitCode: Number(exit) } : {}),
    ...(field("error") ? { error: field("error") } : {}),
    ...(field("connection") ? { connection: field("connection") } : {}),
    ...(field("tls") ? { tls: field("tls") } : {}),
  };
}

async function ask(cluster: StartedCluster, url: string): Promise<UiAnswer> {
  const r = await cluster.exec(RM_NODE, ["bash", "-c", uiProbeCommand(url)]);
  return parseUiProbe(url, r.stdout);
}

export async function probeDriverUi(cluster: StartedCluster): Promise<UiProbeOutcome> {
  const host = cluster.node(GATEWAY_NODE).host;
  return {
    plain: await ask(cluster, `http://${host}:${UI_PORT}/api/v1/applications`),
    https: await ask(cluster, `https://${host}:${UI_TLS_PORT}/api/v1/applications`),
  };
}
