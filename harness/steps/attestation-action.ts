// One action on the cluster's attestation layer as a step's operation: recorded in the history; when it cannot be
// done the scenario stops (unknown), since the attack it sets up would not be there.
import { attestationOf } from "../attest/host/attestation-of.ts";
import type { StartedAttestation } from "../attest/host/started-attestation.ts";
import type { StepContext } from "./step-module.ts";

export async function attestationAction<S extends { id: string }>(ctx: StepContext<S>, f: string, value: unknown, act: (a: StartedAttestation) => Promise<unknown>): Promise<undefined> {
  const attestation = attestationOf(ctx.cluster);
  if (!attestation) {
    ctx.record.problem = "the cluster has no attestation layer";
    return undefined;
  }
  const r = await ctx.history.record(ctx.step.id, f, value, () => act(attestation));
  if (!r.ok) ctx.fail(`${ctx.step.id}: ${(r.error as Error).message}`);
  return undefined;
}
