// CVE-2023-22946 replay: a privileged submitter (`submitter`, granted hadoop.proxyuser.<submitter>.users) runs
// spark-submit --proxy-user <proxyUser> in YARN cluster mode with the jar its user handed over (--jars
// config-class-provider.jar). The evidence: where the jar's token provider was instantiated (a trace per process, every
// node), spark-submit's own "Ignore classpath" line when it dropped the jars, and how the app ended.
import { z } from "zod";
import { clearTraces, IGNORE_CLASSPATH, PROVIDER_SAYS, readTraces, type ConfigClassTrace } from "../attacks/config-class-trace.ts";
import { CONFIG_CLASS_JAR } from "../images/hadoop-spark-image.ts";
import { submitJob, SubmitStepSchema } from "./spark-submit-step.ts";
import type { SparkAppEvidence } from "./step-evidence.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const ConfigClassStepSchema = z.strictObject({
  kind: z.literal("config-class"),
  id: StepIdSchema,
  /** The privileged submitter (a Livy-like service): its ticket, its process. */
  submitter: z.string(),
  /** The user it submits for, who supplied the jar. */
  proxyUser: z.string(),
  /** Extra Spark settings on the submit (e.g. spark.submit.proxyUser.allowCustomClasspathInClusterMode=false). */
  conf: z.record(z.string(), z.string()).default({}),
  timeoutSeconds: z.number().int().min(30).max(1800).default(240),
}).refine((s) => s.submitter !== s.proxyUser, { path: ["proxyUser"], message: "the proxy user must be another user than the submitter" });
export type ConfigClassStep = z.output<typeof ConfigClassStepSchema>;

/** What the replay saw. */
export interface ConfigClassEvidence {
  submitter: string;
  proxyUser: string;
  jar: string;
  /** Every process that loaded the provider, on any node. */
  traces: ConfigClassTrace[];
  /** spark-submit's line saying it left the app's jars off its own class path (3.3.3+ with the option false). */
  ignoredClasspath?: string;
  /** The class's own lines in spark-submit's output ("SHIELDLAB-CONFIG-CLASS loaded in …" / "… trace failed"). */
  submitterSaid: string[];
  spark: SparkAppEvidence;
}

export const configClassStep = defineStep({
  kind: "config-class",
  schema: ConfigClassStepSchema,
  needsKerberos: true,
  refs: (s) => ({ tenants: [["submitter", s.submitter], ["proxyUser", s.proxyUser]] }),
  describe: (s) => `${s.submitter} submits ${s.proxyUser}'s jar with --proxy-user ${s.proxyUser} (cluster mode)`,
  async run(ctx): Promise<ConfigClassEvidence | undefined> {
    const { step, cluster, history } = ctx;
    const cleared = await history.record(step.id, "clear-traces", { nodes: cluster.nodes.length }, () => clearTraces(cluster));
    if (!cleared.ok) {
      ctx.record.problem = `the trace folders could not be cleared: ${(cleared.error as Error).message}`;
      return undefined;
    }
    const submit = SubmitStepSchema.parse({
      kind: "spark-submit",
      id: step.id,
      tenant: step.submitter,
      job: "pi",
      deployMode: "cluster",
      proxyUser: step.proxyUser,
      jars: [CONFIG_CLASS_JAR],
      conf: step.conf,
      timeoutSeconds: step.timeoutSeconds,
    });
    const spark = await submitJob(ctx, submit);
    const traces = await history.record(step.id, "read-traces", {}, () => readTraces(cluster));
    if (!traces.ok) {
      ctx.record.problem = `the trace folders could not be read: ${(traces.error as Error).message}`;
      return undefined;
    }
    return { submitter: step.submitter, proxyUser: step.proxyUser, jar: CONFIG_CLASS_JAR, traces: traces.value, ignoredClasspath: linesOf(spark, IGNORE_CLASSPATH)[0], submitterSaid: linesOf(spark, PROVIDER_SAYS), spark };
  },
});

function linesOf(spark: SparkAppEvidence, re: RegExp): string[] {
  const out = `${spark.submit?.stderr ?? ""}\n${spark.submit?.stdout ?? ""}`;
  return out.split("\n").filter((l) => re.test(l)).map((l) => l.trim().slice(0, 300));
}

/** The CVE-2023-22946 replay: `configClass({ submitter: "bob", proxyUser: "john" })`. */
export function configClass(o: { submitter: string; proxyUser: string; id?: string; conf?: Record<string, string> }): z.input<typeof ConfigClassStepSchema> {
  return { kind: "config-class", id: o.id ?? "config-class", submitter: o.submitter, proxyUser: o.proxyUser, ...(o.conf ? { conf: o.conf } : {}) };
}
