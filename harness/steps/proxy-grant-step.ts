// An administrator grants one user the right to act for others, on the running cluster: the ResourceManager's
// core-site.xml gets hadoop.proxyuser.<user>.hosts=* and .users=<users>, and `yarn rmadmin
// -refreshSuperUserGroupsConfiguration` makes the RM read it again. After the scenario the file goes back as it was and
// the RM reads it once more, so the next scenario on the cluster has no grant. Hadoop's own mechanism both ways.
import { z } from "zod";
import { RM_NODE } from "../cluster/cluster-config.ts";
import { parseHadoopXml, renderHadoopXml } from "../cluster/hadoop-xml.ts";
import { rmAdmin, type RmAdminCall } from "../cluster/rm-admin.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { replaceNodeFile } from "../cluster/node-file.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const ProxyGrantStepSchema = z.strictObject({
  kind: z.literal("proxy-grant"),
  id: StepIdSchema,
  /** Who may impersonate (hadoop.proxyuser.<user>.*). */
  user: z.string(),
  /** Whom it may act for (hadoop.proxyuser.<user>.users), from any host. */
  users: z.array(z.string()).min(1),
});
export type ProxyGrantStep = z.output<typeof ProxyGrantStepSchema>;

export interface ProxyGrantEvidence {
  /** The grant as written into the RM's core-site.xml. */
  granted: Record<string, string>;
  /** What was there under those names before (kept, and written back after the scenario). */
  before: Record<string, string>;
  refresh: RmAdminCall;
}

/** The RM's core-site.xml, which RMAdminCLI's refresh makes the RM read again. */
export const RM_CORE_SITE = "/etc/hadoop/conf/core-site.xml";

/** The grant's properties, as Hadoop names them. */
export function proxyGrantProperties(user: string, users: readonly string[]): Record<string, string> {
  return { [`hadoop.proxyuser.${user}.hosts`]: "*", [`hadoop.proxyuser.${user}.users`]: users.join(",") };
}

/** core-site.xml with `props` set (existing properties keep their order; new ones go last). */
export function withProperties(xml: string, props: Record<string, string>): string {
  const current = parseHadoopXml(xml);
  for (const [k, v] of Object.entries(props)) current.set(k, v);
  return renderHadoopXml([...current], "core-site.xml rendered by shieldlab (with a proxy-grant step's grant)");
}

async function refresh(cluster: StartedCluster): Promise<RmAdminCall> {
  const call = await rmAdmin(cluster, ["-refreshSuperUserGroupsConfiguration"]);
  if (call.exitCode !== 0) throw new Error(`yarn rmadmin -refreshSuperUserGroupsConfiguration exited ${call.exitCode}: ${call.output}`);
  return call;
}

export const proxyGrantStep = defineStep({
  kind: "proxy-grant",
  schema: ProxyGrantStepSchema,
  refs: (s) => ({ tenants: [["user", s.user], ...s.users.map((u, i): [string, string] => [`users.${i}`, u])] }),
  describe: (s) => `the administrator lets ${s.user} act for ${s.users.join(", ")}`,
  async run(ctx): Promise<ProxyGrantEvidence | undefined> {
    const { step, cluster } = ctx;
    const granted = proxyGrantProperties(step.user, step.users);
    const r = await ctx.history.record(step.id, "proxy-grant", { user: step.user, users: step.users }, async () => {
      const read = await cluster.exec(RM_NODE, ["cat", RM_CORE_SITE]);
      if (read.exitCode !== 0) throw new Error(`could not read ${RM_CORE_SITE} on ${RM_NODE}: ${read.stderr.trim()}`);
      const original = read.stdout;
      const current = parseHadoopXml(original);
      const before = Object.fromEntries(Object.keys(granted).flatMap((k) => (current.has(k) ? [[k, current.get(k)!]] : [])));
      // put back after the scenario whatever happens from here (writing the original back is harmless if the write failed)
      ctx.onUndo(`${step.id}: the RM's core-site.xml without the grant`, async () => {
        await replaceNodeFile(cluster, RM_NODE, RM_CORE_SITE, original);
        await refresh(cluster);
      });
      await replaceNodeFile(cluster, RM_NODE, RM_CORE_SITE, withProperties(original, granted));
      return { granted, before, refresh: await refresh(cluster) };
    });
    if (!r.ok) {
      ctx.fail(`${step.id}: ${(r.error as Error).message}`);
      return undefined;
    }
    return r.value;
  },
});

/** The administrator lets `user` act for `users` until the scenario ends. */
export function proxyGrant(o: { id?: string; user: string; users: string[] }): z.input<typeof ProxyGrantStepSchema> {
  return { kind: "proxy-grant", id: o.id ?? "proxy-grant", user: o.user, users: o.users };
}
