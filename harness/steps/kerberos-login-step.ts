// A tenant logs in by hand, as a user would: `kinit -kt <its keytab>` into its own ticket cache on the gateway. With
// `ticketLife` the KDC first caps the tenant's tickets (kadmin modprinc -maxlife, undone after the scenario); with
// `waitUntilExpired` the step then waits until the ticket is past its end (and the realm's clock skew), so a later
// submit from that cache presents an expired ticket.
import { z } from "zod";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import { tenantCcache, tenantKeytab } from "../cluster/secure-mode.ts";
import { KDC_LAYER } from "../kdc/started-kdc.ts";
import { notYet, ready, sleep, waitUntil } from "../util/wait-until.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const KerberosLoginStepSchema = z.strictObject({
  kind: z.literal("kerberos-login"),
  id: StepIdSchema,
  tenant: z.string(),
  /** The longest ticket the KDC gives this tenant from now on, in kadmin's words ("5 seconds", "2 minutes"). */
  ticketLife: z.string().regex(/^\d+ (second|minute|hour)s?$/, 'a lifetime like "5 seconds" or "2 minutes"').optional(),
  /** Wait until the ticket has expired (client and KDC alike) before the next step. */
  waitUntilExpired: z.boolean().default(false),
});

export interface KerberosLoginEvidence {
  tenant: string;
  principal: string;
  ticketLife?: string;
  /** klist of the tenant's cache right after kinit. */
  klist: string;
  /** When waited: klist -s failing (no valid ticket left), and the seconds waited. */
  expiredAfterSeconds?: number;
  klistAfter?: string;
}

/** The realm's clock skew (krb5.conf clockskew): a KDC still honours a ticket this long past its end. */
const CLOCK_SKEW_SECONDS = 5;

export const kerberosLoginStep = defineStep({
  kind: "kerberos-login",
  schema: KerberosLoginStepSchema,
  needsKerberos: true,
  refs: (s) => ({ tenants: [["tenant", s.tenant]] }),
  describe: (s) => `${s.tenant} runs kinit${s.ticketLife ? ` (tickets of ${s.ticketLife})` : ""}`,
  async run(ctx): Promise<KerberosLoginEvidence | undefined> {
    const { step, cluster } = ctx;
    const principal = cluster.tenantPrincipal(step.tenant);
    const asTenant = { user: step.tenant, env: { KRB5CCNAME: `FILE:${tenantCcache(step.tenant)}`, HOME: `/home/${step.tenant}` } };
    if (step.ticketLife) {
      const kdc = cluster.layer(KDC_LAYER);
      const capped = await ctx.history.record(step.id, "kdc-maxlife", { principal, life: step.ticketLife }, async () => {
        if (!kdc) throw new Error("the cluster has no KDC layer");
        await kdc.setMaxLife(principal, step.ticketLife!);
      });
      if (!capped.ok) {
        ctx.fail(`${step.id}: ${(capped.error as Error).message}`);
        return undefined;
      }
    }
    const login = await ctx.history.record(step.id, "kinit", { tenant: step.tenant, principal }, async () => {
      const r = await cluster.exec(GATEWAY_NODE, ["bash", "-c", `kdestroy -q 2>/dev/null; kinit -kt '${tenantKeytab(step.tenant)}' '${principal}' && klist`], asTenant);
      if (r.exitCode !== 0) throw new Error(`kinit as ${principal} failed (exit ${r.exitCode}): ${r.stderr.trim().slice(0, 300)}`);
      return r.stdout.trim();
    });
    if (!login.ok) {
      ctx.fail(`${step.id}: ${(login.error as Error).message}`);
      return undefined;
    }
    const evidence: KerberosLoginEvidence = { tenant: step.tenant, principal, ticketLife: step.ticketLife, klist: login.value };
    if (!step.waitUntilExpired) return evidence;
    const started = Date.now();
    const expired = await ctx.history.record(step.id, "await-expiry", { tenant: step.tenant }, async () => {
      await waitUntil({ what: `${principal}'s ticket expiring`, timeoutMs: 180_000, intervalMs: 500, signal: ctx.signal }, async () => {
        const r = await cluster.exec(GATEWAY_NODE, ["klist", "-s"], asTenant);
        return r.exitCode !== 0 ? ready(true) : notYet("klist -s: a valid ticket");
      });
      // the KDC still honours a ticket for the clock skew past its end
      await sleep((CLOCK_SKEW_SECONDS + 1) * 1000);
      return (await cluster.exec(GATEWAY_NODE, ["klist"], asTenant)).stdout.trim();
    });
    if (!expired.ok) {
      ctx.fail(`${step.id}: ${(expired.error as Error).message}`);
      return undefined;
    }
    return { ...evidence, expiredAfterSeconds: Math.round((Date.now() - started) / 100) / 10, klistAfter: expired.value };
  },
});

/** `tenant` runs kinit from its keytab; optionally with short tickets, waiting until the ticket has expired. */
export function kerberosLogin(o: { id?: string; tenant: string; ticketLife?: string; waitUntilExpired?: boolean }): z.input<typeof KerberosLoginStepSchema> {
  return { kind: "kerberos-login", id: o.id ?? `kinit-${o.tenant}`, ...o };
}
