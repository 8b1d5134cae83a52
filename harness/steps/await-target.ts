// Before an attack: wait until the app of the target step is RUNNING in the RM. An app that ended, or a submit that
// produced none, will not come back: the wait gives up and the attack's evidence says the target was not there.
import { isHarnessError } from "../errors/harness-error.ts";
import { TERMINAL_STATES } from "../yarn/rm-client.ts";
import { giveUp, notYet, ready, waitUntil } from "../util/wait-until.ts";
import type { TargetEvidence } from "./step-evidence.ts";
import type { StepContext } from "./step-module.ts";

/** How long an attack waits for its target app to run. */
export const TARGET_TIMEOUT_MS = 180_000;

/** Waits for step `targetId`'s app to be RUNNING; records "await-running" and the target evidence on ctx.record. */
export async function awaitTarget(ctx: StepContext<{ id: string }>, targetId: string, timeoutMs = TARGET_TIMEOUT_MS): Promise<TargetEvidence> {
  const target = ctx.other(targetId);
  const r = await ctx.history.record(ctx.step.id, "await-running", { target: targetId }, () =>
    waitUntil({ what: `step ${targetId}'s app RUNNING in the RM`, timeoutMs, code: "TIMEOUT", signal: ctx.signal }, async () => {
      const spark = target?.spark;
      if (!spark) return giveUp(`step ${targetId} runs no Spark application`);
      if (spark.submit && !spark.submit.appId && !spark.appId) return giveUp(`step ${targetId}'s spark-submit ended without an application`);
      if (!spark.appId) return notYet("spark-submit has not printed an application id yet");
      // right after submission the RM may not list the app yet (404): keep polling
      const app = await ctx.cluster.rm.as(spark.tenant).app(spark.appId).catch(() => undefined);
      if (!app) return notYet(`${spark.appId} not listed by the RM yet`);
      if (app.state === "RUNNING") return ready({ appId: app.id, owner: spark.tenant });
      if (TERMINAL_STATES.includes(app.state)) return giveUp(`${app.id} ended (${app.state}) before the attack`);
      return notYet(`${app.id} ${app.state}`);
    }),
  );
  const t: TargetEvidence = r.ok
    ? { step: targetId, running: true, ...r.value }
    : { step: targetId, running: false, why: isHarnessError(r.error) || r.error instanceof Error ? r.error.message : String(r.error) };
  ctx.record.target = t;
  if (!t.running) ctx.record.problem = `target not there: ${t.why}`;
  return t;
}

/**
 * On a Spark standalone cluster (no RM to ask): waits until the held standalone-submit step `targetId` says its app is
 * RUNNING on the master (that step polls the master's /json/); records the target evidence on ctx.record.
 */
export async function awaitStandaloneTarget(ctx: StepContext<{ id: string }>, targetId: string, timeoutMs = 150_000): Promise<TargetEvidence> {
  const waited = await ctx.history.record(ctx.step.id, "await-target", { target: targetId }, () =>
    waitUntil({ what: `step ${targetId}'s app RUNNING`, timeoutMs, intervalMs: 500, code: "TIMEOUT", signal: ctx.signal }, () => {
      const t = ctx.other(targetId);
      if (t?.target?.running) return ready(t.target);
      if (t?.problem) return giveUp(t.problem);
      return notYet("not running yet");
    }),
  );
  const t: TargetEvidence = waited.ok ? waited.value : { step: targetId, running: false, why: (waited.error as Error).message };
  ctx.record.target = t;
  if (!t.running) ctx.record.problem = `target not there: ${t.why}`;
  return t;
}
