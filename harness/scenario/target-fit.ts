// Whether a scenario can run on a target the harness did not build, and if not, the one reason it reports (unknown,
// never skipped silently): what its steps need (step-needs.ts: node access, code in containers, Kerberos, destructive),
// then whether the target's cluster is the one the scenario describes — manager, tenants, security, YARN ACLs and queue
// ACLs, the NodeManagers. A scenario's YARN side is the cluster's own on a target: the harness never changes it to fit.
// Pure: the facts are read once when the target is attached (target-facts.ts).
import type { Scenario } from "./scenario-schema.ts";
import { canRunOn } from "../steps/step-needs.ts";
import type { TargetFacts } from "../target/target-facts.ts";
import { dedicatedNodes, effectiveQueues } from "../cluster/topology.ts";
import { loadManifest } from "../images/manifest.ts";
import { resolveVersion } from "../images/version-pair.ts";

export type TargetNotRun =
  | "not run: needs node access"
  | "not run: needs code in YARN containers"
  | "not run: needs a Kerberized target"
  | "not run: destructive (use --allow-destructive)"
  | "not run: standalone scenario (the target is a YARN cluster)"
  | "not run: the target has no such tenant"
  | "not run: the target's cluster is not the scenario's";

export type TargetFit = { ok: true } | { ok: false; reason: TargetNotRun; detail: string };

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].filter(Boolean).sort();
/** A YARN ACL as a set of users ("*" for everyone; " " or "" for nobody); groups after the space are kept as "group:x". */
export function aclUsers(acl: "*" | readonly string[] | string | undefined): string[] {
  if (acl === undefined) return ["*"]; // the CapacityScheduler's default for a queue ACL is "*"
  if (acl === "*") return ["*"];
  if (Array.isArray(acl)) return sorted(acl as string[]);
  const [users = "", groups = ""] = (acl as string).split(" ");
  if (users.trim() === "*") return ["*"];
  return sorted([...users.split(","), ...groups.split(",").filter(Boolean).map((g) => `group:${g}`)]);
}

/** Where the scenario's cluster and the target's differ (empty when they agree); reads only the YARN side. */
/** A pin ("3.5.x") as the exact release the manifest resolves it to (the pin itself when it names none). */
function resolveVersionOr(k: "spark" | "hadoop", pin: string): string {
  try {
    return resolveVersion(loadManifest(), k, pin);
  } catch {
    return pin;
  }
}

export function clusterMismatches(s: Pick<Scenario, "topology" | "profile" | "versions">, f: TargetFacts): string[] {
  const out: string[] = [];
  const k = s.profile.kerberos;
  if (!k && f.capabilities.kerberos) out.push("the scenario's cluster uses simple authentication; the target is Kerberized");
  if (k && f.capabilities.kerberos) {
    const want = sorted([k.rpcProtection].flat());
    if (f.rpcProtection === undefined) out.push(`hadoop.rpc.protection: the scenario wants ${want.join(",")}; the target's could not be read`);
    else if (want.join(",") !== sorted(f.rpcProtection).join(",")) out.push(`hadoop.rpc.protection: the scenario wants ${want.join(",")}, the target has ${sorted(f.rpcProtection).join(",")}`);
    if (f.spnego !== undefined && f.spnego !== k.spnego) out.push(`SPNEGO on the RM's web app: the scenario wants ${k.spnego ? "on" : "off"}, the target has it ${f.spnego ? "on" : "off"}`);
    for (const user of sorted([...Object.keys(k.proxyUsers), ...Object.keys(f.proxyUsers).filter((u) => s.topology.tenants.includes(u))])) {
      const a = sorted(k.proxyUsers[user] ?? []).join(",") || "(none)";
      const b = sorted(f.proxyUsers[user] ?? []).join(",") || "(none)";
      if (a !== b) out.push(`hadoop.proxyuser.${user}.users: the scenario grants ${a}, the target ${b}`);
    }
  }
  if (f.yarnAcls === undefined) out.push(`yarn.acl.enable: the scenario wants ${s.profile.yarnAcls}; the target's could not be read${f.unread ? ` (${f.unread})` : ""}`);
  else if (f.yarnAcls !== s.profile.yarnAcls) out.push(`yarn.acl.enable: the scenario wants ${s.profile.yarnAcls}, the target has ${f.yarnAcls}`);
  if (s.profile.rpcTls || s.profile.uiTls) out.push(`${s.profile.rpcTls ? "spark.ssl.rpc" : "spark.ssl.ui"}: needs the harness's keystore on every node`);
  if (dedicatedNodes(s.topology).length > 0) out.push("dedicatedNodes: needs node labels the harness puts on the NodeManagers");
  for (const k of ["spark", "hadoop"] as const) {
    const pin = s.versions?.[k];
    if (pin === undefined) continue;
    const have = f.gateway?.[k];
    const want = resolveVersionOr(k, pin);
    if (have !== want) out.push(`versions.${k}: the scenario pins ${want}; the gateway runs ${have ?? "an unknown release"} (spark.gatewayImage.${k} in the target file)`);
  }
  if (f.runningNodeManagers < s.topology.nodeManagers) out.push(`the scenario needs ${s.topology.nodeManagers} NodeManagers; the target has ${f.runningNodeManagers} RUNNING`);
  // queue ACLs decide only with yarn.acl.enable; then each of the scenario's queues must be the target's, with its ACLs
  if (s.profile.yarnAcls && f.yarnAcls) {
    if (!f.queues) out.push(`queue ACLs: the target's capacity-scheduler.xml could not be read${f.unread ? ` (${f.unread})` : ""}`);
    else
      for (const q of effectiveQueues(s.topology)) {
        const t = f.queues[q.name];
        if (!t) {
          out.push(`queue ${q.name}: not a queue of the target (its queues: ${Object.keys(f.queues).join(", ") || "none"})`);
          continue;
        }
        for (const [key, want, have] of [["acl_submit_applications", q.submit, t.submit], ["acl_administer_queue", q.administer, t.administer]] as const) {
          const a = aclUsers(want).join(",") || "(nobody)";
          const b = aclUsers(have).join(",") || "(nobody)";
          if (a !== b) out.push(`queue ${q.name} ${key}: the scenario's is ${a}, the target's ${b}`);
        }
      }
  }
  return out;
}

/** The scenario runs on the target, or the first reason it cannot (needs first, then the cluster, then destructive). */
export function targetFit(s: Scenario, f: TargetFacts, o: { allowDestructive: boolean }): TargetFit {
  if (s.topology.manager === "standalone") return { ok: false, reason: "not run: standalone scenario (the target is a YARN cluster)", detail: "a Spark standalone master and workers the harness starts" };
  const missing = s.topology.tenants.filter((t) => !f.tenants.includes(t));
  if (missing.length > 0) return { ok: false, reason: "not run: the target has no such tenant", detail: `${missing.join(", ")}: add to the target file's tenants (and security.tenants)` };
  const needs = canRunOn(s, f.capabilities, { allowDestructive: true });
  if (!needs.ok) return needs;
  const diff = clusterMismatches(s, f);
  if (diff.length > 0) return { ok: false, reason: "not run: the target's cluster is not the scenario's", detail: diff.join("; ") };
  return canRunOn(s, f.capabilities, o);
}
