// Starts a second master on the standalone cluster's master node, with the cluster's own configuration plus
// `conf` (e.g. the REST server on), on other ports, and records how it ended: its exit status and its console.
// For a defence that is a refusal to start (Spark 2.4 will not run REST together with spark.authenticate.secret).
import { z } from "zod";
import { hostOf } from "../cluster/cluster-config.ts";
import { MASTER_NODE } from "../cluster/topology.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { redactText } from "../util/secret-redactor.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const StandaloneMasterStartSchema = z.strictObject({
  kind: z.literal("standalone-master-start"),
  id: StepIdSchema,
  /** Settings added to the cluster's spark-defaults.conf for this master (REST's port is moved off 6066 too). */
  conf: z.record(z.string().regex(/^spark\.[A-Za-z0-9._-]+$/), z.string()).default({}),
  /** How long it may run before it is stopped: a master that keeps running has started (s). */
  runSeconds: z.number().int().min(5).max(120).default(40),
});

export interface MasterStartEvidence {
  conf: Record<string, string>;
  exitCode: number;
  /** true when it was still running at runSeconds (timeout's 124). */
  stillRunning: boolean;
  /** Its console (the cluster's generated secrets redacted), tail. */
  output: string;
}

export const standaloneMasterStartStep = defineStep({
  kind: "standalone-master-start",
  schema: StandaloneMasterStartSchema,
  managers: ["standalone"],
  describe: (s) => `a second master with ${Object.entries(s.conf).map(([k, v]) => `${k}=${v}`).join(", ") || "the cluster's settings"}`,
  async run(ctx): Promise<MasterStartEvidence | undefined> {
    const { step, cluster } = ctx;
    if (!cluster.standalone) throw new HarnessError("INVALID_INPUT", "a standalone-master-start step needs a standalone cluster");
    const conf = { "spark.master.rest.port": "6166", ...step.conf };
    const extra = Object.entries(conf).map(([k, v]) => `${k} ${v}`).join("\n");
    const host = hostOf(cluster.hosts, MASTER_NODE);
    const cmd =
      `f=$(mktemp) && cat /opt/spark/conf/spark-defaults.conf > $f && printf '%s\\n' "$EXTRA" >> $f && ` +
      `timeout ${step.runSeconds} /opt/spark/bin/spark-class org.apache.spark.deploy.master.Master --host ${host} --port 7177 --webui-port 8180 --properties-file $f 2>&1; rc=$?; rm -f $f; exit $rc`;
    const r = await ctx.history.record(step.id, "second-master", { conf }, () => cluster.exec(MASTER_NODE, ["bash", "-c", cmd], { env: { EXTRA: extra } }));
    if (!r.ok) {
      ctx.record.problem = (r.error as Error).message;
      return undefined;
    }
    const output = redactText(`${r.value.stdout}\n${r.value.stderr}`, cluster.secretRegistry.list()).trim();
    return { conf, exitCode: r.value.exitCode, stillRunning: r.value.exitCode === 124, output: output.slice(-6000) };
  },
});

export function standaloneMasterStart(o: { id?: string; conf: Record<string, string>; runSeconds?: number }): z.input<typeof StandaloneMasterStartSchema> {
  return { kind: "standalone-master-start", id: o.id ?? "second-master", conf: o.conf, runSeconds: o.runSeconds };
}
