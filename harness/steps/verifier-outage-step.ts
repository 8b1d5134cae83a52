// Attestation attack: the verifier leaves the network (executors cannot reach it); it comes back after the scenario.
import { z } from "zod";
import { attestationOf } from "../attest/host/attestation-of.ts";
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
  async run(ctx) {
    const attestation = attestationOf(ctx.cluster);
    if (!attestation) {
      ctx.record.problem = "the cluster has no attestation layer";
      return undefined;
    }
    const r = await ctx.history.record(ctx.step.id, "verifier-outage", { ...ctx.step }, () => attestation.verifierOutage());
    if (!r.ok) ctx.fail(`${ctx.step.id}: ${(r.error as Error).message}`);
    return undefined;
  },
});

/** Takes the verifier off the network until the scenario ends. */
export function verifierOutage(id = "verifier-outage"): z.input<typeof VerifierOutageStepSchema> {
  return { kind: "verifier-outage", id };
}
