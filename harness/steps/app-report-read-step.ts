// Tenant `reader` asks the RM REST API for another tenant's running app report (GET /ws/v1/cluster/apps/<id>), and
// the app's owner asks for the same report right after: the evidence is both answers, as the RM gave them.
import { z } from "zod";
import { awaitTarget } from "./await-target.ts";
import { defineStep, StepIdSchema, type StepContext } from "./step-module.ts";

export const AppReportReadStepSchema = z.strictObject({
  kind: z.literal("app-report-read"),
  id: StepIdSchema,
  /** The tenant who reads another tenant's app report. */
  reader: z.string(),
  /** The background spark-submit step whose app is read (a held victim: it stays RUNNING). */
  target: z.string(),
});
export type AppReportReadStep = z.output<typeof AppReportReadStepSchema>;

/** One GET of the app report as `user`. */
export interface AppReportAnswer {
  user: string;
  request: string;
  status: number;
  /** The report's `app` object as the RM returned it (absent when the answer was not a report). */
  app?: Record<string, unknown>;
  /** The start of the answer when it was not a report (an error page, a RemoteException). */
  text?: string;
}

export interface AppReportEvidence {
  appId: string;
  owner: string;
  /** The reader's answer, then the owner's (the baseline of what the report holds for someone allowed to view it). */
  reader: AppReportAnswer;
  ownerView: AppReportAnswer;
}

async function readReport(ctx: StepContext<AppReportReadStep>, user: string, appId: string): Promise<AppReportAnswer | undefined> {
  const request = `GET /ws/v1/cluster/apps/${appId}?user.name=${user}`;
  const r = await ctx.history.record(ctx.step.id, "read-app-report", { as: user, appId }, async () => {
    const res = await ctx.cluster.rm.as(user).call<{ app?: Record<string, unknown> }>("GET", `/apps/${appId}`);
    const app = res.body?.app;
    return { user, request, status: res.status, ...(app ? { app } : { text: res.text.slice(0, 600) }) };
  });
  if (r.ok) return r.value;
  ctx.record.problem = (r.error as Error).message;
  return undefined;
}

export const appReportReadStep = defineStep({
  kind: "app-report-read",
  schema: AppReportReadStepSchema,
  refs: (s) => ({ tenants: [["reader", s.reader]], targets: [["target", s.target]] }),
  describe: (s) => `${s.reader} reads ${s.target}'s app report from the RM`,
  async run(ctx): Promise<AppReportEvidence | undefined> {
    const target = await awaitTarget(ctx, ctx.step.target);
    if (!target.running) return undefined;
    const reader = await readReport(ctx, ctx.step.reader, target.appId);
    const ownerView = reader && (await readReport(ctx, target.owner, target.appId));
    if (!reader || !ownerView) return undefined;
    return { appId: target.appId, owner: target.owner, reader, ownerView };
  },
});

/** `reader` reads the RM's report of step `target`'s running app: `appReportRead({ reader: "tim", target: "john-pi" })`. */
export function appReportRead(o: { id?: string; reader: string; target: string }): z.input<typeof AppReportReadStepSchema> {
  return { kind: "app-report-read", id: o.id ?? `report-by-${o.reader}`, reader: o.reader, target: o.target };
}
