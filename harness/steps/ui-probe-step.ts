// Probes the web UI of step `target`'s driver (a client-mode submit on the gateway) over HTTP and HTTPS once its
// app runs; the evidence is what each answered.
import { z } from "zod";
import { probeDriverUi, type UiProbeOutcome } from "../attacks/ui-probe.ts";
import { notYet, ready, waitUntil } from "../util/wait-until.ts";
import { awaitTarget } from "./await-target.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const UiProbeStepSchema = z.strictObject({
  kind: z.literal("ui-probe"),
  id: StepIdSchema,
  target: z.string(),
});
export type UiProbeStep = z.output<typeof UiProbeStepSchema>;

/** The answers of the plain and the HTTPS UI port. */
export type UiProbeEvidence = UiProbeOutcome;

/** How long the UI gets to serve its REST API after the app runs (the driver is held, so waiting is safe). */
const UI_ANSWER_MS = 30_000;

export const uiProbeStep = defineStep({
  kind: "ui-probe",
  schema: UiProbeStepSchema,
  refs: (s) => ({ targets: [["target", s.target]] }),
  describe: () => "the driver UI over HTTP and HTTPS",
  async run(ctx): Promise<UiProbeEvidence | undefined> {
    const { step, cluster } = ctx;
    const target = await awaitTarget(ctx, step.target);
    if (!target.running) return undefined;
    const r = await ctx.history.record(step.id, "ui-probe", {}, async () => {
      // settled: one of the ports serves the UI's REST API (200); a 404 means its handlers are not attached yet
      // (measured: HTTPS answered 404 for /api/v1/applications once, a second before it served it); after the
      // timeout the last probe stands and the checker judges it
      let last: UiProbeOutcome | undefined;
      const answered = (ui: UiProbeOutcome): boolean => ui.https.httpCode === "200" || ui.plain.httpCode === "200";
      await waitUntil({ what: "the driver UI answering on the gateway", timeoutMs: UI_ANSWER_MS, intervalMs: 1000, signal: ctx.signal }, async () => {
        last = await probeDriverUi(cluster);
        return answered(last) ? ready(last) : notYet(`HTTP ${last.plain.httpCode}, HTTPS ${last.https.httpCode}`);
      }).catch(() => undefined);
      return last ?? probeDriverUi(cluster);
    });
    if (r.ok) return r.value;
    ctx.record.problem = (r.error as Error).message;
    return undefined;
  },
});
