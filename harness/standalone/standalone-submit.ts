// spark-submit as a tenant on a standalone cluster's gateway: the tenant's OS user, the cluster's spark-defaults.conf
// (with its one secret, as every application there has), the image's fixture jobs jar.
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { JOBS_JAR } from "../images/hadoop-spark-image.ts";
import { redactText } from "../util/secret-redactor.ts";

export interface StandaloneSubmitRequest {
  tenant: string;
  mainClass: string;
  deployMode?: "client" | "cluster";
  conf?: Record<string, string>;
  args?: string[];
}

export interface StandaloneSubmitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The standalone app id (app-…) the driver logged, when it did. */
  appId?: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export async function standaloneSubmit(cluster: StartedCluster, req: StandaloneSubmitRequest): Promise<StandaloneSubmitResult> {
  if (!cluster.standalone) throw new HarnessError("INVALID_INPUT", `cluster ${cluster.sessionId} is not a standalone cluster`);
  const hasJobs = await cluster.exec(GATEWAY_NODE, ["test", "-f", JOBS_JAR]);
  if (hasJobs.exitCode !== 0)
    throw new HarnessError("INVALID_INPUT", `the image of this cluster (Spark ${cluster.standalone.sparkVersion}) carries no fixture jobs jar`, {
      hint: "Spark 2.x images are built for the replays only; run spark-shell on the gateway instead (docker exec … spark-shell)",
    });
  const confArgs = Object.entries(req.conf ?? {}).flatMap(([k, v]) => ["--conf", `${k}=${v}`]);
  const cmd = ["spark-submit", "--master", cluster.standalone.masterUrl, "--deploy-mode", req.deployMode ?? "client", "--class", req.mainClass, ...confArgs, JOBS_JAR, ...(req.args ?? [])];
  const r = await cluster.exec(GATEWAY_NODE, ["bash", "-c", cmd.map(quote).join(" ")], { user: req.tenant });
  const secrets = cluster.secretRegistry.list();
  const stderr = redactText(r.stderr, secrets);
  const appId = /app-\d{14}-\d{4}/.exec(stderr)?.[0];
  return { exitCode: r.exitCode, stdout: redactText(r.stdout, secrets), stderr, ...(appId ? { appId } : {}) };
}
