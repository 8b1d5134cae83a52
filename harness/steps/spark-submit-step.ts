// A tenant submits a Spark job (spark-submit on the gateway, client or cluster mode); the RM's final report of the
// app is the evidence of how it ended. In the background, it is the victim later attack steps aim at.
import { join } from "node:path";
import { z } from "zod";
import { isHarnessError } from "../errors/harness-error.ts";
import { SUBMIT_LOG, appIdFrom, sparkSubmit } from "../spark/spark-submit.ts";
import { holdArgs, releaseFileFor, releaseHeld } from "../spark/victim-hold.ts";
import { ROGUE_TARGET_DRIVER_PORT } from "../attacks/rogue-rpc-client.ts";
import { UI_PORT } from "../attacks/ui-probe.ts";
import type { SparkAppEvidence } from "./step-evidence.ts";
import { defineStep, StepIdSchema, type StepContext } from "./step-module.ts";

export const JOBS = {
  pi: { mainClass: "shieldlab.jobs.Pi" },
  shuffle: { mainClass: "shieldlab.jobs.Shuffle" },
  /** Input sealed under the job's data key, which the attestation plugin brokers (images/attest-plugin). */
  sealed: { mainClass: "shieldlab.attest.SealedInputJob" },
} as const;
export type JobName = keyof typeof JOBS;
export const JobSchema = z.enum(Object.keys(JOBS) as [JobName, ...JobName[]]);

export const SubmitStepSchema = z.strictObject({
  kind: z.literal("spark-submit"),
  id: StepIdSchema,
  tenant: z.string(),
  job: JobSchema,
  deployMode: z.enum(["client", "cluster"]).default("client"),
  args: z.array(z.string()).default([]),
  conf: z.record(z.string(), z.string()).default({}),
  /** `--jars`: more jars (paths on the gateway) for the app's class path — and, before Spark 3.4.0, spark-submit's own. */
  jars: z.array(z.string().min(1)).default([]),
  queue: z.string().optional(),
  timeoutSeconds: z.number().int().min(10).max(3600).default(300),
  /** Start it and go on with the next steps (an attack needs a running app); it is awaited before the checks. */
  background: z.boolean().default(false),
  /**
   * An attack's victim: after its work the job holds the app (driver, AM, executors alive) until the runner releases
   * it, after the scenario's last foreground step — so no attack races the victim's end. Pi only; needs background.
   */
  hold: z.boolean().default(false),
  /** On a Kerberized cluster: log in with the tenant's keytab (default), its existing ticket cache, or not at all. */
  kerberos: z.enum(["keytab", "ticket-cache", "none"]).optional(),
  /** `--proxy-user`: submit on behalf of another user (needs a ticket cache: Spark refuses it with --keytab). */
  proxyUser: z.string().optional(),
}).refine((s) => !s.hold || (s.background && s.job === "pi"), { path: ["hold"], message: 'only a background Pi job can be held (background: true, job: "pi")' });
export type SubmitStep = z.output<typeof SubmitStepSchema>;
export type SubmitStepInput = z.input<typeof SubmitStepSchema>;

/**
 * Runs spark-submit for `step` and waits for the RM's final report; fills ctx.record.spark as it learns things.
 * A held step's job waits for its release file, which the runner creates after the last foreground step.
 */
export async function submitJob(ctx: StepContext<{ id: string }>, step: SubmitStep): Promise<SparkAppEvidence> {
  const { cluster, history, record } = ctx;
  const spark: SparkAppEvidence = (record.spark = { tenant: step.tenant, deployMode: step.deployMode });
  const releaseFile = step.hold ? releaseFileFor(step.id) : undefined;
  if (releaseFile) ctx.onRelease(step.id, () => releaseHeld(cluster, releaseFile));
  const submitted = await history.record(step.id, "submit", { tenant: step.tenant, job: step.job, deployMode: step.deployMode, held: releaseFile !== undefined }, () =>
    sparkSubmit(cluster, {
      tenant: step.tenant,
      mainClass: JOBS[step.job].mainClass,
      args: releaseFile ? [...step.args, ...holdArgs(releaseFile, step.timeoutSeconds)] : step.args,
      deployMode: step.deployMode,
      queue: step.queue,
      kerberos: step.kerberos,
      proxyUser: step.proxyUser,
      conf: { ...cluster.sparkConf(), ...step.conf },
      jars: step.jars,
      logDir: ctx.dir,
      timeoutMs: step.timeoutSeconds * 1000,
      onOutput: (text) => {
        spark.appId ??= appIdFrom(text);
      },
      // the first driver died starting its UI: the second one's app is the one to follow
      onRetry: () => {
        spark.appId = undefined;
      },
    }),
  );
  if (!submitted.ok) {
    record.problem = `spark-submit could not run: ${(submitted.error as Error).message}`;
    return spark;
  }
  const submit = (spark.submit = submitted.value);
  if (submit.timedOut) record.problem = `spark-submit did not finish within ${step.timeoutSeconds} s; the app was killed`;
  const appId = submit.appId;
  if (!appId) {
    record.problem = `spark-submit exited ${submit.exitCode} without an application id (see ${join(ctx.dir, SUBMIT_LOG)})`;
    return spark;
  }
  // spark-submit returns when the app ended; the RM's report is the authority on how it ended
  const waited = await history.record(step.id, "wait-app", { appId }, () => cluster.rm.as(step.tenant).waitForApp(appId, step.timeoutSeconds * 1000));
  if (waited.ok) spark.app = waited.value;
  else record.problem = isHarnessError(waited.error) ? waited.error.message : String(waited.error);
  return spark;
}

export const sparkSubmitStep = defineStep({
  kind: "spark-submit",
  schema: SubmitStepSchema,
  refs: (s) => ({ tenants: [["tenant", s.tenant], ...(s.proxyUser ? [["proxyUser", s.proxyUser] as [string, string]] : [])] }),
  isTarget: (s) => s.background,
  describe: (s) => `${s.job}, ${s.tenant}, ${s.deployMode} mode`,
  async run(ctx) {
    if (ctx.step.background) {
      ctx.background(submitJob(ctx, ctx.step));
      return undefined;
    }
    await submitJob(ctx, ctx.step);
    return undefined;
  },
});

type JobOptions = Omit<SubmitStepInput, "kind" | "job" | "id"> & { id?: string };

/**
 * The Pi helpers ask for one executor (the cluster's spark-defaults say two): a short Pi needs no second one, and on two
 * cores every executor JVM costs about 1.7 CPU-seconds. A scenario that needs more says so in `conf`.
 */
export const ONE_EXECUTOR_CONF = { "spark.executor.instances": "1" } as const;

/**
 * At most one executor per NodeManager (of the default 3072 MB): a 512 MB heap in a 1792 MB YARN container (512 +
 * 1152 overhead) — two do not fit on one NodeManager, one beside the AM (896 MB, 1024 as YARN rounds it) does.
 */
export const ONE_EXECUTOR_PER_NODEMANAGER_CONF = { "spark.executor.memoryOverhead": "1152m" } as const;

/** An attack's victim: a short Pi whose app then stays RUNNING until the scenario's attacks are over (held). */
export function longPi(o: JobOptions): SubmitStepInput {
  return { kind: "spark-submit", job: "pi", id: o.id ?? "long-pi", background: true, hold: true, ...o, args: ["2", "2000000"], conf: { ...ONE_EXECUTOR_CONF, ...o.conf } };
}

/** A client-mode long Pi whose driver listens on a known port, for a rogue RPC client to aim at. */
export function driverTarget(o: JobOptions): SubmitStepInput {
  return longPi({ id: "driver", ...o, deployMode: "client", conf: { "spark.driver.port": String(ROGUE_TARGET_DRIVER_PORT), ...o.conf } });
}

/** A client-mode long Pi whose driver UI is on port 4040 of the gateway (HTTPS on 4440 when UI TLS is on). */
export function uiTarget(o: JobOptions): SubmitStepInput {
  return longPi({ id: "driver", ...o, deployMode: "client", conf: { "spark.ui.port": String(UI_PORT), ...o.conf } });
}

/** Spark Pi as a tenant, on one executor: `sparkPi({ tenant: "alice", deployMode: "cluster" })`. */
export function sparkPi(o: JobOptions): SubmitStepInput {
  return { kind: "spark-submit", job: "pi", id: o.id ?? `pi-${o.deployMode ?? "client"}`, ...o, conf: { ...ONE_EXECUTOR_CONF, ...o.conf } };
}

/** The shuffle job: `megabytes` through a shuffle, every record carrying `canary`. */
export function shuffleJob(o: JobOptions & { megabytes: number; canary: string; partitions?: number }): SubmitStepInput {
  const { megabytes, canary, partitions, ...rest } = o;
  return {
    kind: "spark-submit",
    job: "shuffle",
    id: o.id ?? `shuffle-${o.deployMode ?? "client"}`,
    ...rest,
    args: [String(megabytes), canary, String(partitions ?? 4)],
  };
}
