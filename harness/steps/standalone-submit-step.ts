// spark-submit as a tenant on a Spark standalone cluster's gateway (client mode: the driver runs there as the tenant),
// with the cluster's spark-defaults.conf — and so its one secret — as every application there has. In the background
// with `hold`, the app stays up (driver and executors) until the workload is over, for an attack to aim at; the step
// returns once the master lists it RUNNING. Records the submit like spark-submit's step (record.spark), so the
// driver-output and rogue-RPC checkers read it the same way.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { JOBS_JAR } from "../images/hadoop-spark-image.ts";
import { ROGUE_TARGET_DRIVER_PORT } from "../attacks/rogue-rpc-client.ts";
import { redactText } from "../util/secret-redactor.ts";
import { giveUp, notYet, ready, waitUntil } from "../util/wait-until.ts";
import type { SubmitResult } from "../spark/spark-submit.ts";
import { JOBS, JobSchema } from "./spark-submit-step.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const StandaloneSubmitStepSchema = z.strictObject({
  kind: z.literal("standalone-submit"),
  id: StepIdSchema,
  tenant: z.string(),
  job: JobSchema.exclude(["sealed"]),
  args: z.array(z.string()).default([]),
  conf: z.record(z.string(), z.string()).default({}),
  /** Run in the background and hold the app (driver on the fixed port an attack aims at) until the workload is over. */
  hold: z.boolean().default(false),
  timeoutSeconds: z.number().int().min(10).max(900).default(300),
});
export type StandaloneSubmitStep = z.output<typeof StandaloneSubmitStepSchema>;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export const standaloneSubmitStep = defineStep({
  kind: "standalone-submit",
  schema: StandaloneSubmitStepSchema,
  managers: ["standalone"],
  refs: (s) => ({ tenants: [["tenant", s.tenant]] }),
  isTarget: (s) => s.hold,
  describe: (s) => `${s.tenant} submits ${s.job}${s.hold ? " (held)" : ""} to the standalone master`,
  async run(ctx): Promise<undefined> {
    const { step, cluster } = ctx;
    const sa = cluster.standalone;
    if (!sa) throw new HarnessError("INVALID_INPUT", "a standalone-submit step needs a standalone cluster");
    const nonce = randomBytes(6).toString("hex");
    const name = `shieldlab-${step.id}-${nonce}`;
    const release = `/tmp/shieldlab-release-${nonce}`;
    const args = step.hold ? [...(step.args.length ? step.args : ["2", "2000000"]), release, String(step.timeoutSeconds)] : step.args;
    const conf = { ...cluster.sparkConf(), ...(step.hold ? { "spark.driver.port": String(ROGUE_TARGET_DRIVER_PORT) } : {}), ...step.conf };
    const command = ["spark-submit", "--master", sa.masterUrl, "--deploy-mode", "client", "--name", name, "--class", JOBS[step.job].mainClass, ...Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]), JOBS_JAR, ...args];
    const secrets = cluster.secretRegistry.list();
    const startedAt = Date.now();
    const submit = async (): Promise<SubmitResult> => {
      const r = await cluster.exec(GATEWAY_NODE, ["bash", "-c", `timeout ${step.timeoutSeconds + 60} ${command.map(quote).join(" ")}`], { user: step.tenant, env: { HOME: `/home/${step.tenant}` } });
      const stderr = redactText(r.stderr, secrets);
      const result: SubmitResult = {
        appId: /app-\d{14}-\d{4}/.exec(stderr)?.[0],
        exitCode: r.exitCode,
        stdout: redactText(r.stdout, secrets),
        stderr,
        command,
        startedAt,
        endedAt: Date.now(),
        timedOut: r.exitCode === 124,
      };
      ctx.record.spark = { tenant: step.tenant, deployMode: "client", ...(result.appId ? { appId: result.appId } : {}), submit: result };
      return result;
    };
    if (!step.hold) {
      const r = await ctx.history.record(step.id, "spark-submit", { tenant: step.tenant, job: step.job, master: sa.masterUrl }, submit);
      if (!r.ok) ctx.record.problem = (r.error as Error).message;
      return undefined;
    }
    ctx.record.spark = { tenant: step.tenant, deployMode: "client" };
    ctx.background(ctx.history.record(step.id, "spark-submit", { tenant: step.tenant, job: step.job, master: sa.masterUrl, held: true }, submit));
    ctx.onRelease(step.id, async () => void (await cluster.exec(GATEWAY_NODE, ["touch", release], { user: step.tenant })));
    // the attack comes next: wait until the master lists the app RUNNING (its id goes on the record)
    const running = await ctx.history.record(step.id, "await-running", { name }, () =>
      waitUntil({ what: `${name} RUNNING on the master`, timeoutMs: 120_000, intervalMs: 500, code: "TIMEOUT", signal: ctx.signal }, async () => {
        if (ctx.record.spark?.submit) return giveUp(`spark-submit ended (exit ${ctx.record.spark.submit.exitCode}) before the app ran`);
        // the job may name itself (Pi does): the tenant's app that started after this submit is the one
        const app = (await sa.state()).activeapps.filter((a) => a.name === name || (a.user === step.tenant && (a.starttime ?? 0) >= startedAt - 2_000)).at(-1);
        if (!app) return notYet(`no app of ${step.tenant} listed by the master yet`);
        return app.state === "RUNNING" ? ready(app) : notYet(`${app.id} ${app.state}`);
      }),
    );
    if (running.ok) {
      ctx.record.spark = { ...ctx.record.spark, appId: running.value.id };
      ctx.record.target = { step: step.id, running: true, appId: running.value.id, owner: step.tenant };
    } else {
      ctx.record.problem = `the held app did not run: ${(running.error as Error).message}`;
    }
    return undefined;
  },
});

export function standaloneSubmit(o: { id?: string; tenant: string; job?: "pi" | "shuffle"; args?: string[]; conf?: Record<string, string>; hold?: boolean }): z.input<typeof StandaloneSubmitStepSchema> {
  return { kind: "standalone-submit", id: o.id ?? (o.hold ? "driver" : `${o.job ?? "pi"}`), tenant: o.tenant, job: o.job ?? "pi", args: o.args, conf: o.conf, hold: o.hold };
}
