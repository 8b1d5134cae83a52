// What the harness knows about a target once attached, from the target file and what the cluster says about itself:
// the RM's running configuration (/conf), its RUNNING NodeManagers, the CapacityScheduler's queues (the client conf
// dir's capacity-scheduler.xml). Pure: the caller fetches; scenario/target-fit.ts decides with these.
import type { ConfMap } from "../audit/conf-dump.ts";
import type { TargetCapabilities } from "../steps/step-needs.ts";
import type { TargetFile } from "./target-file.ts";

/** What the harness read about the target when it attached (undefined: could not be read, and why in `unread`). */
export interface TargetFacts {
  capabilities: TargetCapabilities;
  /** The target file's tenants (their names, as scenarios name them). */
  tenants: readonly string[];
  /** NodeManagers the RM lists RUNNING. */
  runningNodeManagers: number;
  /** The RM's yarn.acl.enable (from its /conf). */
  yarnAcls?: boolean;
  /** hadoop.rpc.protection, split on commas (Kerberized targets). */
  rpcProtection?: string[];
  /** SPNEGO on the RM's web app (hadoop.http.authentication.type=kerberos). */
  spnego?: boolean;
  /** hadoop.proxyuser.<user>.users, per user. */
  proxyUsers: Record<string, string[]>;
  /** The CapacityScheduler's leaf queues under root: name → submit and administer ACLs as written; undefined when unread. */
  queues?: Record<string, { submit?: string; administer?: string }>;
  /** Why the RM's /conf or the queues could not be read. */
  unread?: string;
  /** The gateway image's releases (what a scenario's `versions` pin is compared with). */
  gateway?: { spark: string; hadoop: string };
}

/** What a target can give: container code always (a working YARN), node access when `nodes:` names any. */
export function targetCapabilities(t: TargetFile): TargetCapabilities {
  return { container: true, node: Object.keys(t.nodes ?? {}).length > 0, kerberos: t.security.mode === "kerberos" };
}

/** The root queue's children as capacity-scheduler.xml names them, with their ACLs. */
export function queuesOf(scheduler: ConfMap): Record<string, { submit?: string; administer?: string }> {
  const names = (scheduler.get("yarn.scheduler.capacity.root.queues")?.value ?? "").split(",").map((q) => q.trim()).filter(Boolean);
  return Object.fromEntries(
    names.map((q) => {
      const p = `yarn.scheduler.capacity.root.${q}`;
      return [q, { submit: scheduler.get(`${p}.acl_submit_applications`)?.value, administer: scheduler.get(`${p}.acl_administer_queue`)?.value }];
    }),
  );
}

export interface FactSources {
  /** The RM's /conf, or why not. */
  rmConf: ConfMap | { error: string };
  /** capacity-scheduler.xml, or why not. */
  scheduler: ConfMap | { error: string };
  runningNodeManagers: number;
  gateway?: { spark: string; hadoop: string };
}

/** The facts of a target from what was read. */
export function targetFacts(t: TargetFile, s: FactSources): TargetFacts {
  const unread: string[] = [];
  const conf = "error" in s.rmConf ? undefined : (s.rmConf as ConfMap);
  if ("error" in s.rmConf) unread.push(`the RM's /conf: ${(s.rmConf as { error: string }).error}`);
  if ("error" in s.scheduler) unread.push(`capacity-scheduler.xml: ${(s.scheduler as { error: string }).error}`);
  const value = (k: string): string | undefined => conf?.get(k)?.value?.trim();
  const proxyUsers: Record<string, string[]> = {};
  for (const [k, e] of conf ?? []) {
    const m = /^hadoop\.proxyuser\.([^.]+)\.users$/.exec(k);
    if (m) proxyUsers[m[1]!] = e.value.split(",").map((u) => u.trim()).filter(Boolean);
  }
  const acl = value("yarn.acl.enable");
  const rpc = value("hadoop.rpc.protection");
  const http = value("hadoop.http.authentication.type");
  return {
    capabilities: targetCapabilities(t),
    tenants: Object.keys(t.tenants),
    runningNodeManagers: s.runningNodeManagers,
    ...(conf ? { yarnAcls: acl === undefined ? false : acl === "true" } : {}),
    ...(rpc !== undefined ? { rpcProtection: rpc.split(",").map((x) => x.trim()).filter(Boolean) } : conf ? { rpcProtection: ["authentication"] } : {}),
    ...(conf ? { spnego: http === "kerberos" } : {}),
    proxyUsers,
    ...("error" in s.scheduler ? {} : { queues: queuesOf(s.scheduler as ConfMap) }),
    ...(unread.length ? { unread: unread.join("; ") } : {}),
    ...(s.gateway ? { gateway: s.gateway } : {}),
  };
}
