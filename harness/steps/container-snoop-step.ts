// Tenant `attacker`'s YARN container reads a file in tenant `victim`'s container directory; on dedicated, labelled
// NodeManagers the attack finds each container's node from the RM and also tries to escape to the victim's node.
import { z } from "zod";
import { containerSnoop, type SnoopOutcome } from "../attacks/container-snoop.ts";
import { labelledSnoop } from "../attacks/labelled-snoop.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const ContainerSnoopStepSchema = z.strictObject({
  kind: z.literal("container-snoop"),
  id: StepIdSchema,
  victim: z.string(),
  attacker: z.string(),
});
export type ContainerSnoopStep = z.output<typeof ContainerSnoopStepSchema>;

/** What the attacker's container printed, whether it read the marker, the node's container-executor audit, placement. */
export type SnoopEvidence = SnoopOutcome;
export type { Placement, LabelEscape } from "../attacks/labelled-snoop.ts";
export type { Deviation } from "../attacks/container-executor-audit.ts";

export const containerSnoopStep = defineStep({
  kind: "container-snoop",
  schema: ContainerSnoopStepSchema,
  refs: (s) => ({ tenants: [["victim", s.victim], ["attacker", s.attacker]] }),
  describe: (s) => `${s.attacker} reads ${s.victim}'s container files`,
  async run(ctx): Promise<SnoopEvidence | undefined> {
    const { step, cluster } = ctx;
    const r = await ctx.history.record(step.id, "container-snoop", { victim: step.victim, attacker: step.attacker }, () =>
      cluster.topology.dedicatedNodes ? labelledSnoop(cluster, step.victim, step.attacker) : containerSnoop(cluster, step.victim, step.attacker),
    );
    if (r.ok) return r.value;
    ctx.record.problem = (r.error as Error).message;
    return undefined;
  },
});
