// The tenancy matrix of seed 002 (docs/sources.md) as data: who may submit to which queue, and who may kill whose app.
// Every cell is a real YARN request through the RM REST API; each records what the RM answered.
import { z } from "zod";
import { TERMINAL_STATES, type RmClient } from "../yarn/rm-client.ts";
import { giveUp, notYet, ready, waitUntil } from "../util/wait-until.ts";

export const AclMatrixSchema = z.strictObject({
  /** submit[user][queue] = expected with ACLs on */
  submit: z.record(z.string(), z.record(z.string(), z.enum(["allowed", "refused"]))),
  /** kill cells: `user` kills an app that `owner` submitted to `queue` */
  kill: z.array(z.strictObject({ user: z.string(), owner: z.string(), queue: z.string(), expect: z.enum(["allowed", "refused"]), claims: z.string().optional() })),
  /** spoofed submissions: `user` sends the request claiming `claims` in user.name (believed only under simple auth) */
  spoofSubmit: z.array(z.strictObject({ user: z.string(), claims: z.string(), queue: z.string(), expect: z.enum(["allowed", "refused"]) })).default([]),
});
export type AclMatrix = z.infer<typeof AclMatrixSchema>;
export type AclMatrixInput = z.input<typeof AclMatrixSchema>;

export interface CellOutcome {
  cell: string;
  outcome: "allowed" | "refused" | "unclear";
  evidence: string;
}

const REFUSAL = /does not have permission|not authorized|cannot submit|AccessControlException|Forbidden|User .* cannot perform/i;

/** A submit is refused when the RM says so on the request, or rejects the app with an access diagnostic. */
async function submitCell(rm: RmClient, user: string, queue: string, claims?: string): Promise<CellOutcome> {
  const cell = claims ? `submit ${user} as "${claims}" → ${queue}` : `submit ${user} → ${queue}`;
  const r = await (claims ? rm.as(user).claiming(claims) : rm.as(user)).submitProbe(queue, "sleep 2");
  if (r.status === 401 || r.status === 403 || REFUSAL.test(r.text)) return { cell, outcome: "refused", evidence: `HTTP ${r.status}: ${r.text.slice(0, 200)}` };
  if (r.status < 200 || r.status >= 300 || !r.appId) return { cell, outcome: "unclear", evidence: `HTTP ${r.status}: ${r.text.slice(0, 200)}` };
  // the scheduler may still reject it asynchronously: wait until it is accepted, refused or has ended
  const appId = r.appId;
  return waitUntil({ what: `the scheduler's decision on ${appId}`, timeoutMs: 30_000, intervalMs: 300 }, async () => {
    const app = await rm.as(user).app(appId);
    if (REFUSAL.test(app.diagnostics)) return ready<CellOutcome>({ cell, outcome: "refused", evidence: `${app.id} ${app.state}: ${app.diagnostics.slice(0, 200)}` });
    if (["ACCEPTED", "RUNNING", "FINISHED"].includes(app.state)) {
      await rm.as(user).killApp(app.id).catch(() => undefined);
      return ready<CellOutcome>({ cell, outcome: "allowed", evidence: `${app.id} reached ${app.state} in queue ${app.queue}` });
    }
    if (TERMINAL_STATES.includes(app.state)) return giveUp(`${app.id} ended ${app.state} without an access diagnostic: ${app.diagnostics.slice(0, 200)}`);
    return notYet(`${app.id} ${app.state}`);
  }).catch((e: unknown): CellOutcome => ({ cell, outcome: "unclear", evidence: (e as Error).message }));
}

/** Kill cell: the owner submits (it must be allowed to), then `user` asks the RM to kill it. */
async function killCell(rm: RmClient, user: string, owner: string, queue: string, claims?: string): Promise<CellOutcome> {
  const cell = claims ? `kill ${user} as "${claims}" ✕ ${owner}'s app in ${queue}` : `kill ${user} ✕ ${owner}'s app in ${queue}`;
  const sub = await rm.as(owner).submitProbe(queue, "sleep 60");
  if (!sub.appId || sub.status >= 300) return { cell, outcome: "unclear", evidence: `${owner} could not submit: HTTP ${sub.status}` };
  const appId = sub.appId;
  const r = await (claims ? rm.as(user).claiming(claims) : rm.as(user)).killApp(appId);
  // a refused kill leaves the app as it was: give the RM a moment to act on an accepted one, then take its state
  const app = await waitUntil({ what: `${appId} KILLED after ${user}'s request`, timeoutMs: r.status < 300 ? 10_000 : 1500, intervalMs: 300 }, async () => {
    const a = await rm.as(owner).app(appId);
    return a.state === "KILLED" ? ready(a) : notYet(a.state);
  }).catch(() => rm.as(owner).app(appId).catch(() => undefined));
  await rm.as(owner).killApp(sub.appId).catch(() => undefined); // clean up whatever the answer
  const killed = app?.state === "KILLED";
  if ((r.status === 401 || r.status === 403) && !killed) return { cell, outcome: "refused", evidence: `HTTP ${r.status}; ${sub.appId} ${app?.state}` };
  if (r.status >= 200 && r.status < 300 && killed) return { cell, outcome: "allowed", evidence: `HTTP ${r.status}; ${sub.appId} KILLED` };
  return { cell, outcome: "unclear", evidence: `HTTP ${r.status}; ${sub.appId} ${app?.state ?? "?"}` };
}

export type MatrixCell = CellOutcome & { expectedWithAcls: "allowed" | "refused" };

/** Runs every cell in turn (submit cells first, then kill cells). */
export async function runAclMatrix(rm: RmClient, m: AclMatrix): Promise<MatrixCell[]> {
  const out: MatrixCell[] = [];
  for (const [user, queues] of Object.entries(m.submit)) {
    for (const [queue, expect] of Object.entries(queues)) out.push({ ...(await submitCell(rm, user, queue)), expectedWithAcls: expect });
  }
  for (const p of m.spoofSubmit ?? []) out.push({ ...(await submitCell(rm, p.user, p.queue, p.claims)), expectedWithAcls: p.expect });
  for (const k of m.kill) out.push({ ...(await killCell(rm, k.user, k.owner, k.queue, k.claims)), expectedWithAcls: k.expect });
  return out;
}
