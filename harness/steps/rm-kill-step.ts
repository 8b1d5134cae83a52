// An attack through the RM REST API: `asUser` asks the RM to kill the running app of step `target`; the evidence is
// exactly what the RM answered (whether the app died is the target's final report).
import { z } from "zod";
import { awaitTarget } from "./await-target.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const RmKillStepSchema = z.strictObject({
  kind: z.literal("rm-kill"),
  id: StepIdSchema,
  /** The user.name the request carries (under simple auth the RM believes it). */
  asUser: z.string(),
  /** Who really sends it (recorded; a spoof is asUser ≠ actor). */
  actor: z.string(),
  target: z.string(),
  /** On a Kerberized RM: the actor's own ticket (default), or no credentials at all. */
  credentials: z.enum(["ticket", "none"]).default("ticket"),
});
export type RmKillStep = z.output<typeof RmKillStepSchema>;

/** What the kill request sent and what the RM answered. */
export interface KillEvidence {
  actor: string;
  asUser: string;
  appId: string;
  request: string;
  /** What the actor proved about itself: its own Kerberos ticket, none, or nothing asked (simple auth). */
  credentials: "ticket" | "none" | "simple";
  status: number;
  body: string;
}

export const rmKillStep = defineStep({
  kind: "rm-kill",
  schema: RmKillStepSchema,
  refs: (s) => ({ tenants: [["actor", s.actor], ["asUser", s.asUser]], targets: [["target", s.target]] }),
  describe: (s) => `${s.actor} kills ${s.target} as ${s.asUser}`,
  async run(ctx): Promise<KillEvidence | undefined> {
    const { step } = ctx;
    const target = await awaitTarget(ctx, step.target);
    if (!target.running) return undefined;
    const appId = target.appId;
    const sent = await ctx.history.record(step.id, "kill", { actor: step.actor, asUser: step.asUser, appId }, async () => {
      const r = await ctx.cluster.rm.as(step.actor, step.credentials).claiming(step.asUser).killApp(appId);
      return { status: r.status, body: r.text.slice(0, 600) };
    });
    if (!sent.ok) {
      ctx.record.problem = (sent.error as Error).message;
      return undefined;
    }
    const credentials = ctx.cluster.profile.kerberos?.spnego ? step.credentials : "simple";
    return { actor: step.actor, asUser: step.asUser, appId, credentials, request: `PUT /ws/v1/cluster/apps/${appId}/state?user.name=${step.asUser} {"state":"KILLED"}`, ...sent.value };
  },
});

/** `actor` asks the RM to kill the app of step `target`, as `asUser` (default: as itself). */
export function rmKill(o: { id?: string; actor: string; asUser?: string; target: string; credentials?: "ticket" | "none" }): z.input<typeof RmKillStepSchema> {
  return { kind: "rm-kill", id: o.id ?? `kill-by-${o.actor}`, actor: o.actor, asUser: o.asUser ?? o.actor, target: o.target, ...(o.credentials ? { credentials: o.credentials } : {}) };
}
