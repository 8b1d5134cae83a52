// Secure-mode attack: `attacker`'s YARN container steals the NodeManager's keytab and, as nm/<host>, asks the RM to
// kill the running app of step `target` (whether it died is the target's final report).
import { z } from "zod";
import { keytabTheft, type KeytabTheftOutcome } from "../attacks/keytab-theft.ts";
import { awaitTarget } from "./await-target.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const KeytabTheftStepSchema = z.strictObject({
  kind: z.literal("keytab-theft"),
  id: StepIdSchema,
  attacker: z.string(),
  target: z.string(),
});

export type KeytabTheftEvidence = KeytabTheftOutcome;

export const keytabTheftStep = defineStep({
  kind: "keytab-theft",
  schema: KeytabTheftStepSchema,
  needsKerberos: true,
  refs: (s) => ({ tenants: [["attacker", s.attacker]], targets: [["target", s.target]] }),
  describe: (s) => `${s.attacker}'s container steals the NodeManager's keytab`,
  async run(ctx): Promise<KeytabTheftEvidence | undefined> {
    const { step } = ctx;
    const target = await awaitTarget(ctx, step.target);
    if (!target.running) return undefined;
    const r = await ctx.history.record(step.id, "keytab-theft", { attacker: step.attacker, victimApp: target.appId }, () => keytabTheft(ctx.cluster, step.attacker, target.appId));
    if (r.ok) return r.value;
    ctx.record.problem = (r.error as Error).message;
    return undefined;
  },
});

export function keytabTheftAttack(o: { id?: string; attacker: string; target: string }): z.input<typeof KeytabTheftStepSchema> {
  return { kind: "keytab-theft", id: o.id ?? "keytab-theft", attacker: o.attacker, target: o.target };
}
