// Attestation attack: the emulated device (or the RA-TLS client) of one NodeManager misbehaves until the scenario ends.
import { z } from "zod";
import { attestationAction } from "./attestation-action.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";
import { NodeManagerSchema } from "./tamper-file-step.ts";

export const AttestFaultStepSchema = z.strictObject({
  kind: z.literal("attest-fault"),
  id: StepIdSchema,
  node: NodeManagerSchema,
  faults: z
    .strictObject({
      /** The platform token is signed by a key the verifier does not endorse. */
      foreignPlatformKey: z.boolean().optional(),
      /** The realm reports this initial measurement instead of the image's. */
      rimOverrideHex: z.string().regex(/^([0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/).optional(),
      /** The IMA log handed out no longer replays to REM[0]. */
      imaLog: z.enum(["truncate", "reorder"]).optional(),
      /** The client re-sends the evidence of its previous attestation (an old challenge). */
      replayEvidence: z.boolean().optional(),
      /** The client hands back a forged affirming EAR signed by a key that is not the verifier's. */
      forgeEar: z.boolean().optional(),
      /** The node's Spark plugin skips attestation (as a tampered executor whose own conf switched it off). */
      skipAttestation: z.boolean().optional(),
    })
    .refine((f) => Object.keys(f).length > 0, "at least one fault"),
});
export type AttestFaultStep = z.output<typeof AttestFaultStepSchema>;

export const attestFaultStep = defineStep({
  kind: "attest-fault",
  schema: AttestFaultStepSchema,
  needsAttestation: true,
  refs: (s) => ({ nodes: [["node", s.node]] }),
  describe: (s) => `attest-fault on ${s.node}`,
  run: (ctx) => attestationAction(ctx, "attest-fault", { node: ctx.step.node, faults: ctx.step.faults }, (a) => a.setFaults(ctx.step.node, ctx.step.faults)),
});

/** Makes one NodeManager's emulated device (or RA-TLS client) misbehave. */
export function attestFault(o: { id?: string; node: string; faults: z.input<typeof AttestFaultStepSchema>["faults"] }): z.input<typeof AttestFaultStepSchema> {
  return { kind: "attest-fault", id: o.id ?? `fault-${o.node}`, node: o.node, faults: o.faults };
}
