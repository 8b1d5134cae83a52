// Attestation attack: an executor-like YARN container looks for the emulated device's key on its node.
import { z } from "zod";
import { deviceKeyTheft as runDeviceKeyTheft, type KeyTheftOutcome } from "../attacks/device-key-theft.ts";
import { NodeManagerSchema } from "./tamper-file-step.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const DeviceKeyTheftStepSchema = z.strictObject({
  kind: z.literal("device-key-theft"),
  id: StepIdSchema,
  tenant: z.string(),
  node: NodeManagerSchema,
});
export type DeviceKeyTheftStep = z.output<typeof DeviceKeyTheftStepSchema>;
export type DeviceKeyTheftEvidence = KeyTheftOutcome;

export const deviceKeyTheftStep = defineStep({
  kind: "device-key-theft",
  schema: DeviceKeyTheftStepSchema,
  needsAttestation: true,
  refs: (s) => ({ tenants: [["tenant", s.tenant]], nodes: [["node", s.node]] }),
  describe: (s) => `${s.tenant}'s YARN container looks for the device key on ${s.node}`,
  async run(ctx): Promise<DeviceKeyTheftEvidence | undefined> {
    const { step, cluster } = ctx;
    const r = await ctx.history.record(step.id, "device-key-theft", { tenant: step.tenant, node: step.node }, () => runDeviceKeyTheft(cluster, step.tenant, step.node));
    if (r.ok) return r.value;
    ctx.record.problem = (r.error as Error).message;
    return undefined;
  },
});

/** A tenant's YARN container (running as the NodeManager's user, as executors do) tries to read the device's key. */
export function deviceKeyTheft(o: { id?: string; tenant: string; node: string }): z.input<typeof DeviceKeyTheftStepSchema> {
  return { kind: "device-key-theft", id: o.id ?? "key-theft", tenant: o.tenant, node: o.node };
}
