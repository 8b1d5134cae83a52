// The verifier restarts between two jobs: "durable" (--state-dir: policy, used nonces, audit chain survive) or
// "memory" (--key-dir only: same keys, policy and used nonces forgotten; the scenario's policy is PUT again).
import { z } from "zod";
import { attestationAction } from "./attestation-action.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const VerifierRestartStepSchema = z.strictObject({
  kind: z.literal("verifier-restart"),
  id: StepIdSchema,
  /** How the verifier comes back: "durable" (the defence) or "memory" (the control). */
  state: z.enum(["durable", "memory"]).default("durable"),
});
export type VerifierRestartStep = z.output<typeof VerifierRestartStepSchema>;

export const verifierRestartStep = defineStep({
  kind: "verifier-restart",
  schema: VerifierRestartStepSchema,
  needsAttestation: true,
  describe: (s) => `verifier-restart (${s.state})`,
  run: (ctx) => attestationAction(ctx, "verifier-restart", { state: ctx.step.state }, (a) => a.restartVerifier(ctx.step.state)),
});

/** Restarts the verifier; its health before and after is the operation's value. */
export function verifierRestart(o: { id?: string; state?: "durable" | "memory" } = {}): z.input<typeof VerifierRestartStepSchema> {
  return { kind: "verifier-restart", id: o.id ?? "verifier-restart", state: o.state ?? "durable" };
}
