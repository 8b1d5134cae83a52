// RM calls under SPNEGO: the harness has no GSS-API of its own, so each call is `curl --negotiate` on the gateway,
// as the calling tenant's OS user with that tenant's own ticket (kinit from its keytab when it has none), or as root
// with the harness's admin ticket. The RM is named by its host name: SPNEGO asks for HTTP/<host>, never an address.
import type { ExecOptions, ExecResult } from "../engine/container-exec.ts";
import type { RmHttpRequest, RmTransport } from "./rm-client.ts";
import { kinitIfNoTicket } from "../util/kinit-shell.ts";

/** What the transport needs from the cluster: a command on the gateway. */
export type GatewayExec = (cmd: string[], options?: ExecOptions) => Promise<ExecResult>;

export interface SpnegoIdentity {
  /** Keytab and principal to kinit from when the cache holds no valid ticket. */
  keytab: string;
  principal: string;
  /** The ticket cache (KRB5CCNAME). */
  ccache: string;
}

export interface SpnegoTransportOptions {
  /** e.g. http://<rm fqdn>:8088 */
  baseUrl: string;
  /** The harness's own identity (calls without a user), run as root. */
  harness: SpnegoIdentity;
  /** A tenant's identity (keytab in its home, readable only by it). */
  tenant(user: string): SpnegoIdentity;
}

const STATUS_MARK = "\n#shieldlab-http-status:";
/** The ticket cache of a call with no credentials: in memory, empty, gone when the call ends. */
export const NO_CCACHE = "MEMORY:shieldlab-no-credentials";

/** The shell command of one call (exported for tests): kinit if needed, then curl, status on the last line. */
export function spnegoCommand(o: SpnegoTransportOptions, req: RmHttpRequest): { script: string; env: Record<string, string> } {
  const id = req.user ? o.tenant(req.user) : o.harness;
  const none = req.credentials === "none";
  // no credentials: an empty cache of the call's own, so the caller's real cache (its ticket) stays as it was
  const env: Record<string, string> = { KRB5CCNAME: none ? NO_CCACHE : `FILE:${id.ccache}`, RM_URL: `${o.baseUrl}${req.path}`, RM_METHOD: req.method, RM_BODY: req.body ?? "" };
  const curl = [
    "curl -sS --max-time 15 -X \"$RM_METHOD\" -H 'Accept: application/json'",
    none ? "" : "--negotiate -u :",
    req.body === undefined ? "" : "-H 'Content-Type: application/json' --data-binary \"$RM_BODY\"",
    `-w '${STATUS_MARK.replace("\n", "\\n")}%{http_code}' "$RM_URL"`,
  ].filter(Boolean).join(" ");
  if (none) return { script: curl, env };
  // a tenant with no ticket gets one from its own keytab, as `kinit -kt` would by hand; no keytab: no ticket
  const login = kinitIfNoTicket(id.keytab, id.principal, { optional: true });
  return { script: `${login}; ${curl}`, env };
}

/** An RmTransport that runs curl --negotiate on the gateway. */
export function spnegoTransport(exec: GatewayExec, o: SpnegoTransportOptions): RmTransport {
  return async (req) => {
    const { script, env } = spnegoCommand(o, req);
    const r = await exec(["bash", "-c", script], { env, ...(req.user ? { user: req.user } : {}) });
    const at = r.stdout.lastIndexOf(STATUS_MARK);
    if (r.exitCode !== 0 || at < 0) throw new Error(`curl --negotiate on the gateway exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
    return { status: Number(r.stdout.slice(at + STATUS_MARK.length).trim()), text: r.stdout.slice(0, at) };
  };
}
