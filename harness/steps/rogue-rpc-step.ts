// A client without the app's secret opens Spark RPC to the driver of step `target` (a client-mode submit) once its
// app runs, and records whether the driver dispatched the request.
import { z } from "zod";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import { ROGUE_TARGET_DRIVER_PORT, rogueRpc, type RogueOutcome } from "../attacks/rogue-rpc-client.ts";
import { secretHolderRpc, stolenSecretRpc } from "../attacks/secret-holder-client.ts";
import { awaitTarget } from "./await-target.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const RogueRpcStepSchema = z.strictObject({
  kind: z.literal("rogue-rpc"),
  id: StepIdSchema,
  target: z.string(),
  /**
   * "none": raw frames from this host, no authentication at all. "own": a process of tenant `actor` that holds
   * only a secret of its own (per-app secrets, YARN's default); "stolen": the same process, after `actor`'s YARN
   * container read the target app's secret from its AM's container_tokens on the shared NodeManager.
   * (Spark 4 on YARN refuses a secret shared through spark.authenticate.secret.file, so no "shared" option.)
   */
  secret: z.enum(["none", "own", "stolen"]).default("none"),
  actor: z.string().optional(),
});
export type RogueRpcStep = z.output<typeof RogueRpcStepSchema>;

/** The rogue client's outcome: connected, the frames the driver answered, whether it dispatched the request. */
export type RogueEvidence = RogueOutcome;

export const rogueRpcStep = defineStep({
  kind: "rogue-rpc",
  schema: RogueRpcStepSchema,
  refs: (s) => ({ tenants: s.actor ? [["actor", s.actor]] : [], targets: [["target", s.target]] }),
  describe: (s) => `rogue RPC client against ${s.target}'s driver`,
  async run(ctx): Promise<RogueEvidence | undefined> {
    const { step, cluster } = ctx;
    const target = await awaitTarget(ctx, step.target);
    if (!target.running) return undefined;
    const actor = step.actor ?? "bob";
    const sent = await ctx.history.record(step.id, "rogue-rpc", { port: ROGUE_TARGET_DRIVER_PORT, secret: step.secret, actor: step.actor }, async () =>
      step.secret === "none"
        ? rogueRpc(await cluster.ipOf(GATEWAY_NODE), ROGUE_TARGET_DRIVER_PORT)
        : step.secret === "stolen"
          ? stolenSecretRpc(cluster, target, actor)
          : secretHolderRpc(cluster, actor, "-"),
    );
    if (sent.ok) return sent.value;
    ctx.record.problem = (sent.error as Error).message;
    return undefined;
  },
});

/** A rogue RPC client (no secret) against the driver of step `target`. */
export function rogueRpcClient(o: { id?: string; target: string; secret?: "none" | "own" | "stolen"; actor?: string }): z.input<typeof RogueRpcStepSchema> {
  return { kind: "rogue-rpc", id: o.id ?? "rogue", target: o.target, secret: o.secret, actor: o.actor };
}
