import { describe, expect, it } from "vitest";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { History } from "../scenario/history.ts";
import type { YarnApp } from "../yarn/rm-client.ts";
import { awaitTarget } from "./await-target.ts";
import { RmKillStepSchema, rmKill } from "./rm-kill-step.ts";
import { longPi, SubmitStepSchema } from "./spark-submit-step.ts";
import { StepRecord, type SparkAppEvidence } from "./step-evidence.ts";
import type { StepContext } from "./step-module.ts";

const APP = "application_1795364789888_0009";

/** A context whose RM answers the given states in turn (the last one repeats); undefined = 404, not listed yet. */
function context(spark: SparkAppEvidence | undefined, states: (YarnApp["state"] | undefined)[]) {
  const victim = new StepRecord(SubmitStepSchema.parse(longPi({ id: "john-pi", tenant: "john" })));
  if (spark) victim.spark = spark;
  const attack = new StepRecord(RmKillStepSchema.parse(rmKill({ actor: "tim", target: "john-pi" })));
  let i = 0;
  const rm = {
    as: () => ({
      app: async (id: string) => {
        const state = states[Math.min(i++, states.length - 1)];
        if (!state) throw new Error("HTTP 404");
        return { id, state } as YarnApp;
      },
    }),
  };
  const history = new History();
  const ctx = { step: attack.step, record: attack, history, cluster: { rm } as unknown as StartedCluster, other: (id: string) => (id === "john-pi" ? victim : undefined) } as unknown as StepContext<{ id: string }>;
  return { ctx, attack, history, polls: () => i };
}

describe("awaitTarget", () => {
  it("waits through 404 and ACCEPTED until the app is RUNNING, and records who owns it", async () => {
    const { ctx, attack, history } = context({ tenant: "john", deployMode: "client", appId: APP }, [undefined, "ACCEPTED", "RUNNING"]);
    const t = await awaitTarget(ctx, "john-pi", 10_000);
    expect(t).toEqual({ step: "john-pi", running: true, appId: APP, owner: "john" });
    expect(attack.target).toEqual(t);
    expect(history.ops.map((o) => [o.f, o.type])).toEqual([["await-running", "invoke"], ["await-running", "ok"]]);
  });

  it("gives up at once on an app that ended before the attack: the target was not there", async () => {
    const { ctx, attack, polls } = context({ tenant: "john", deployMode: "client", appId: APP }, ["FINISHED"]);
    const t = await awaitTarget(ctx, "john-pi", 60_000);
    // one look at the RM decided it: no polling on towards the timeout
    expect(polls()).toBe(1);
    expect(t.running).toBe(false);
    expect(t.running === false && t.why).toMatch(/ended \(FINISHED\) before the attack/);
    expect(attack.problem).toMatch(/^target not there: /);
  });

  it("gives up when spark-submit ended without an application, or the step runs no Spark app", async () => {
    const noApp = context({ tenant: "john", deployMode: "client", submit: { exitCode: 1, stdout: "", stderr: "", command: [], startedAt: 0, endedAt: 1, timedOut: false } }, ["RUNNING"]);
    expect((await awaitTarget(noApp.ctx, "john-pi", 10_000)).running).toBe(false);
    const none = context(undefined, ["RUNNING"]);
    expect((await awaitTarget(none.ctx, "john-pi", 10_000)).running).toBe(false);
  });

  it("times out naming the last state when the app never runs", async () => {
    const { ctx } = context({ tenant: "john", deployMode: "client", appId: APP }, ["ACCEPTED"]);
    const t = await awaitTarget(ctx, "john-pi", 50);
    expect(t.running === false && t.why).toMatch(/not within .* last state: application_1795364789888_0009 ACCEPTED/);
  });
});
