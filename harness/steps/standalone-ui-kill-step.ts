// A tenant asks a Spark standalone master's web UI to kill another tenant's running application: the UI's kill button,
// POST /app/kill/ with id=<app> and terminate=true, sent with curl from the gateway as the actor's OS user — with no
// Authorization header, or (token "valid", behind JWSFilter) with a token signed with the cluster's key. The step
// records what it sent, the UI's answer, its time window and what the master's /json/ then says of the app; the
// checker decides from the master's own words.
import { z } from "zod";
import { GATEWAY_NODE, hostOf } from "../cluster/cluster-config.ts";
import { MASTER_NODE } from "../cluster/topology.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { MASTER_WEB_PORT } from "../standalone/standalone-config.ts";
import { ready, notYet, waitUntil } from "../util/wait-until.ts";
import { awaitStandaloneTarget } from "./await-target.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const StandaloneUiKillStepSchema = z.strictObject({
  kind: z.literal("standalone-ui-kill"),
  id: StepIdSchema,
  /** Who clicks (a tenant's OS user on the gateway). */
  actor: z.string(),
  /** The held standalone-submit step whose app is to be killed. */
  target: z.string(),
  /** "valid": the request carries a bearer token signed with the cluster's JWSFilter key. */
  token: z.enum(["none", "valid"]).default("none"),
  /** How long to watch the master's /json/ for the app to leave RUNNING (ms). */
  watchMs: z.number().int().min(1_000).max(60_000).default(15_000),
});
export type StandaloneUiKillStep = z.output<typeof StandaloneUiKillStepSchema>;

export interface UiKillEvidence {
  actor: string;
  owner: string;
  appId: string;
  token: "none" | "valid";
  request: string;
  /** Whether the master's page gave the UI's CSRF token (the kill form's hidden field) to this visitor. */
  csrf: string;
  /** The UI's answer (status, Location of a redirect, body), or why there was none. */
  http: { status: number; location?: string; body: string } | { connectError: string };
  window: { from: number; to: number };
  /** What the master's /json/ said of the app after the request: its state, and whether it was still among activeapps. */
  after?: { state: string; active: boolean };
  watchedMs: number;
}

/** curl's "HTTP <code> <redirect>" line and the body after it. */
export function uiAnswer(exitCode: number, stdout: string, stderr: string): UiKillEvidence["http"] {
  const m = /^HTTP (\d{3}) ?(\S*)\n([\s\S]*)$/.exec(stdout);
  if (m && m[1] !== "000") return { status: Number(m[1]), ...(m[2] ? { location: m[2] } : {}), body: m[3]!.slice(0, 2000) };
  return { connectError: (stderr.trim() || `curl exit ${exitCode}`).slice(0, 400) };
}

export const standaloneUiKillStep = defineStep({
  kind: "standalone-ui-kill",
  schema: StandaloneUiKillStepSchema,
  managers: ["standalone"],
  refs: (s) => ({ tenants: [["actor", s.actor]], targets: [["target", s.target]] }),
  describe: (s) => `${s.actor} kills ${s.target} through the master's web UI${s.token === "valid" ? " (with a valid token)" : ""}`,
  async run(ctx): Promise<UiKillEvidence | undefined> {
    const { step, cluster } = ctx;
    const sa = cluster.standalone;
    if (!sa) throw new HarnessError("INVALID_INPUT", "a standalone-ui-kill step needs a standalone cluster");
    const target = await awaitStandaloneTarget(ctx, step.target);
    if (!target.running) return undefined;
    const appId = target.appId;
    const token = step.token === "valid" ? await sa.bearerToken() : undefined;
    if (step.token === "valid" && !token) throw new HarnessError("INVALID_INPUT", `${step.id}: token "valid" needs a cluster behind JWSFilter (topology jws: true)`);
    const page = `http://${hostOf(cluster.hosts, MASTER_NODE)}:${MASTER_WEB_PORT}/`;
    const url = `${page}app/kill/`;
    // As a browser would: read the master's page (any visitor gets the kill forms, each with the UI's CSRF token in a
    // hidden field), then POST the form with that token. The bearer token (a secret) travels in the environment.
    const cmd = [
      `auth=(); [ -n "\${SHIELDLAB_JWS:-}" ] && auth=(-H "Authorization: Bearer $SHIELDLAB_JWS")`,
      `page=$(curl -sS -m 20 "\${auth[@]}" ${page} 2>/dev/null)`,
      `csrf=$(printf '%s' "$page" | grep -o '<input[^>]*name="csrfToken"[^>]*>' | head -1 | grep -o 'value="[^"]*"' | sed 's/^value="//; s/"$//')`,
      `if [ -n "$csrf" ]; then echo "csrf: found on the master's page" >&2; else echo "csrf: not on the master's page" >&2; fi`,
      `curl -sS -m 20 -o /tmp/ui-kill-$$.html -w 'HTTP %{http_code} %{redirect_url}\\n' "\${auth[@]}" --data-urlencode "id=$APP_ID" --data-urlencode terminate=true --data-urlencode "csrfToken=$csrf" ${url}; rc=$?`,
      `cat /tmp/ui-kill-$$.html 2>/dev/null; rm -f /tmp/ui-kill-$$.html; exit $rc`,
    ].join("\n");
    const from = Date.now();
    const sent = await ctx.history.record(step.id, "ui-kill", { actor: step.actor, appId, url, token: step.token }, () =>
      cluster.exec(GATEWAY_NODE, ["bash", "-c", cmd], { user: step.actor, env: { APP_ID: appId, ...(token ? { SHIELDLAB_JWS: token } : {}) } }),
    );
    const to = Date.now();
    if (!sent.ok) {
      ctx.record.problem = (sent.error as Error).message;
      return undefined;
    }
    const http = uiAnswer(sent.value.exitCode, sent.value.stdout, sent.value.stderr.replace(/^csrf: .*\n?/m, ""));
    const csrf = /^csrf: (.*)$/m.exec(sent.value.stderr)?.[1] ?? "not read";
    // the master's own account of the app afterwards: gone from activeapps (KILLED), or still RUNNING when the watch ends
    const watchFrom = Date.now();
    const watched = await ctx.history.record(step.id, "app-state-after", { appId, watchMs: step.watchMs }, () =>
      waitUntil({ what: `${appId} to leave RUNNING`, timeoutMs: step.watchMs, intervalMs: 500, signal: ctx.signal }, async () => {
        const st = await sa.state();
        const active = st.activeapps.find((a) => a.id === appId);
        if (active) return notYet(active.state);
        const done = st.completedapps.find((a) => a.id === appId);
        return done ? ready({ state: done.state, active: false }) : notYet("not listed");
      }),
    );
    let after: UiKillEvidence["after"];
    if (watched.ok) after = watched.value;
    else {
      const st = await sa.state().catch(() => undefined);
      const active = st?.activeapps.find((a) => a.id === appId);
      if (active) after = { state: active.state, active: true };
    }
    return {
      actor: step.actor,
      owner: target.owner,
      appId,
      token: step.token,
      request: `GET ${page}, then POST ${url} id=${appId}&terminate=true&csrfToken=<from the page>${token ? " (Authorization: Bearer <valid token>)" : ""}`,
      csrf,
      http,
      window: { from, to },
      ...(after ? { after } : {}),
      watchedMs: Date.now() - watchFrom,
    };
  },
});

export function standaloneUiKill(o: { id?: string; actor: string; target: string; token?: "none" | "valid" }): z.input<typeof StandaloneUiKillStepSchema> {
  return { kind: "standalone-ui-kill", id: o.id ?? `ui-kill-by-${o.actor}`, actor: o.actor, target: o.target, token: o.token };
}
