// Asks the driver's web UI for its REST API over plain HTTP and over HTTPS, from inside the ResourceManager's
// container: YARN's AmIpFilter lets only the RM's proxy address through to the UI, and sends others there.
import { GATEWAY_NODE, RM_NODE } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";

export const UI_PORT = 4040;
/** Spark's default HTTPS port for the UI: spark.ui.port + 400. */
export const UI_TLS_PORT = UI_PORT + 400;

export interface UiAnswer {
  url: string;
  /** curl's %{http_code}: "000" when no HTTP answer came (refused, or no TLS). */
  httpCode: string;
  redirect: string;
  /** The first bytes of the body, to show it was (or was not) the UI's JSON. */
  body: string;
}

export interface UiProbeOutcome {
  plain: UiAnswer;
  https: UiAnswer;
}

async function ask(cluster: StartedCluster, url: string): Promise<UiAnswer> {
  const r = await cluster.exec(RM_NODE, ["bash", "-c", `curl -sk --max-time 10 -o /tmp/ui-body -w '%{http_code} %{redirect_url}' '${url}'; echo; head -c 200 /tmp/ui-body 2>/dev/null`]);
  const [status = "", ...rest] = r.stdout.split("\n");
  const [httpCode = "000", redirect = ""] = status.trim().split(" ");
  return { url, httpCode, redirect, body: rest.join("\n").slice(0, 200) };
}

export async function probeDriverUi(cluster: StartedCluster): Promise<UiProbeOutcome> {
  const host = cluster.node(GATEWAY_NODE).host;
  return {
    plain: await ask(cluster, `http://${host}:${UI_PORT}/api/v1/applications`),
    https: await ask(cluster, `https://${host}:${UI_TLS_PORT}/api/v1/applications`),
  };
}
