// Attestation attack: the verifier leaves the network (executors cannot reach it); it comes back after the scenario.
import { z } from "zod";
import { attestationAction } from "./attestation-action.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const VerifierOutageStepSchema = z.strictObject({
  kind: z.literal("verifier-outage"),
  id: StepIdSchema,
});
export type VerifierOutageStep = z.output<typeof VerifierOutageStepSchema>;

export const verifierOutageStep = defineStep({
  kind: "verifier-outage",
  schema: VerifierOutageStepSchema,
  needsAttestation: true,
  describe: () => "verifier-outage",
  run: (ctx) => attestationAction(ctx, "verifier-outage", { ...ctx.step }, (a) => a.verifierOutage()),
});

/** Takes the verifier off the network until the scenario ends. */
export function verifierOutage(id = "verifier-outage"): z.input<typeof VerifierOutageStepSchema> {
  return { kind: "verifier-outage", id };
}
