// Secure-mode fault: the KDC stops answering (its krb5kdc process ends; port 88 refuses), so nobody can get a new
// ticket; it answers again before the next scenario. Daemons keep the tickets they already hold.
import { z } from "zod";
import { KDC_LAYER } from "../kdc/started-kdc.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const KdcOutageStepSchema = z.strictObject({
  kind: z.literal("kdc-outage"),
  id: StepIdSchema,
});

export interface KdcOutageEvidence {
  kdcHost: string;
  /** What the KDC's own container said after the halt: no krb5kdc process, port 88 closed. */
  afterHalt: string;
}

export const kdcOutageStep = defineStep({
  kind: "kdc-outage",
  schema: KdcOutageStepSchema,
  needsKerberos: true,
  describe: () => "the KDC stops answering",
  async run(ctx): Promise<KdcOutageEvidence | undefined> {
    const kdc = ctx.cluster.layer(KDC_LAYER);
    if (!kdc) {
      ctx.fail("the cluster has no KDC layer");
      return undefined;
    }
    const r = await ctx.history.record(ctx.step.id, "kdc-halt", { kdc: kdc.host }, async () => {
      await kdc.halt();
      return kdc.probe();
    });
    if (!r.ok) {
      ctx.fail(`${ctx.step.id}: ${(r.error as Error).message}`);
      return undefined;
    }
    return { kdcHost: kdc.host, afterHalt: r.value };
  },
});

/** Stops the KDC until the scenario ends. */
export function kdcOutage(id = "kdc-outage"): z.input<typeof KdcOutageStepSchema> {
  return { kind: "kdc-outage", id };
}
