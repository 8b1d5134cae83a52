// The tenancy matrix as one step: every cell (who submits to which queue, who kills whose app) a real RM request.
import { z } from "zod";
import { AclMatrixSchema, runAclMatrix, type MatrixCell } from "../attacks/acl-matrix.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const AclMatrixStepSchema = z.strictObject({
  kind: z.literal("acl-matrix"),
  id: StepIdSchema,
  matrix: AclMatrixSchema,
});
export type AclMatrixStep = z.output<typeof AclMatrixStepSchema>;

/** Every cell, with what the RM answered and what the cell expects with ACLs on. */
export type AclMatrixEvidence = MatrixCell[];

export const aclMatrixStep = defineStep({
  kind: "acl-matrix",
  schema: AclMatrixStepSchema,
  refs: (s) => ({
    tenants: [
      ...Object.keys(s.matrix.submit).map((u): [string, string] => ["matrix.submit", u]),
      ...s.matrix.kill.flatMap((k): [string, string][] => [["matrix.kill.user", k.user], ["matrix.kill.owner", k.owner]]),
      ...s.matrix.spoofSubmit.map((p): [string, string] => ["matrix.spoofSubmit.user", p.user]),
    ],
  }),
  describe: () => "tenancy matrix",
  async run(ctx): Promise<AclMatrixEvidence | undefined> {
    const m = ctx.step.matrix;
    const cells = Object.values(m.submit).reduce((n, q) => n + Object.keys(q).length, 0) + m.kill.length + m.spoofSubmit.length;
    const r = await ctx.history.record(ctx.step.id, "acl-matrix", { cells }, () => runAclMatrix(ctx.cluster.rm, m));
    if (r.ok) return r.value;
    ctx.record.problem = (r.error as Error).message;
    return undefined;
  },
});
