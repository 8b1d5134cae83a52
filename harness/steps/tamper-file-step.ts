// Attestation attack: one file owned by the attest user changes on one NodeManager (restored after the scenario).
import { z } from "zod";
import { attestationAction } from "./attestation-action.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const NodeManagerSchema = z.string().regex(/^nm-[1-9]$/, "a NodeManager: nm-1, nm-2, …");

export const TamperFileStepSchema = z.strictObject({
  kind: z.literal("tamper-file"),
  id: StepIdSchema,
  node: NodeManagerSchema,
  /** A path or shell glob inside the node; the first match is changed (a jar gets one more entry). */
  path: z.string().startsWith("/"),
});
export type TamperFileStep = z.output<typeof TamperFileStepSchema>;

export const tamperFileStep = defineStep({
  kind: "tamper-file",
  schema: TamperFileStepSchema,
  needsAttestation: true,
  refs: (s) => ({ nodes: [["node", s.node]] }),
  describe: (s) => `tamper-file on ${s.node}`,
  run: (ctx) => attestationAction(ctx, "tamper-file", { ...ctx.step }, (a) => a.tamperFile(ctx.step.node, ctx.step.path)),
});

/** Changes a file the IMA rule measures on one NodeManager (default: Spark's core jar, which every executor opens). */
export function tamperFile(o: { id?: string; node: string; path?: string }): z.input<typeof TamperFileStepSchema> {
  return { kind: "tamper-file", id: o.id ?? `tamper-${o.node}`, node: o.node, path: o.path ?? "/opt/spark/jars/spark-core_*.jar" };
}
