// Seed 002's point on a standalone cluster: every application holds the cluster's one secret. Tenant `actor` (bob)
// takes it from the cluster's spark-defaults.conf — readable by every tenant, as it must be for their own apps — and
// his process authenticates to the driver of step `target` (alice's held app) with Spark's own SASL client. With
// `secret: "own"` (the control) it holds only a secret of its own. Records the client's outcome; the checker decides.
import { z } from "zod";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import { secretHolderRpc } from "../attacks/secret-holder-client.ts";
import type { RogueOutcome } from "../attacks/rogue-rpc-client.ts";
import { awaitStandaloneTarget } from "./await-target.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const StandaloneSecretHolderSchema = z.strictObject({
  kind: z.literal("standalone-secret-holder"),
  id: StepIdSchema,
  target: z.string(),
  actor: z.string().default("bob"),
  /** "cluster": the actor's process uses the cluster's secret (from spark-defaults.conf); "own": a secret of its own. */
  secret: z.enum(["cluster", "own"]).default("cluster"),
});

export const standaloneSecretHolderStep = defineStep({
  kind: "standalone-secret-holder",
  schema: StandaloneSecretHolderSchema,
  managers: ["standalone"],
  refs: (s) => ({ tenants: [["actor", s.actor]], targets: [["target", s.target]] }),
  describe: (s) => `${s.actor}'s process, holding ${s.secret === "cluster" ? "the cluster's one secret" : "a secret of its own"}, calls ${s.target}'s driver`,
  async run(ctx): Promise<RogueOutcome | undefined> {
    const { step, cluster } = ctx;
    const target = await awaitStandaloneTarget(ctx, step.target);
    if (!target.running) return undefined;
    let file = "-";
    if (step.secret === "cluster") {
      file = `/home/${step.actor}/cluster-spark-secret`;
      // what every tenant can read: the cluster's spark-defaults.conf (only the file's sha256 prefix is ever recorded)
      const take = await ctx.history.record(step.id, "read-cluster-secret", { from: "/opt/spark/conf/spark-defaults.conf", to: file }, async () => {
        const r = await cluster.exec(GATEWAY_NODE, ["bash", "-c", `umask 077; awk '$1=="spark.authenticate.secret"{print $2}' /opt/spark/conf/spark-defaults.conf > ${file} && test -s ${file} && sha256sum ${file} | cut -c1-16`], { user: step.actor });
        if (r.exitCode !== 0) throw new Error(`${step.actor} could not read the cluster's secret: exit ${r.exitCode} ${r.stderr.slice(0, 200)}`);
        return { sha256Prefix: r.stdout.trim() };
      });
      if (!take.ok) {
        ctx.record.problem = (take.error as Error).message;
        return undefined;
      }
    }
    const sent = await ctx.history.record(step.id, "secret-holder-rpc", { actor: step.actor, secret: step.secret }, () => secretHolderRpc(cluster, step.actor, file));
    if (sent.ok) return sent.value;
    ctx.record.problem = (sent.error as Error).message;
    return undefined;
  },
});

export function standaloneSecretHolder(o: { id?: string; target: string; actor?: string; secret?: "cluster" | "own" }): z.input<typeof StandaloneSecretHolderSchema> {
  return { kind: "standalone-secret-holder", id: o.id ?? "rogue", target: o.target, actor: o.actor, secret: o.secret };
}
