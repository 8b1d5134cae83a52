// The cluster's shape as data: NodeManager count and size, tenants (OS users baked into the images) and queues.
import { z } from "zod";
import { HarnessError } from "../errors/harness-error.ts";
import { loadManifest } from "../images/manifest.ts";
import { formatZodError } from "../util/zod-format.ts";

const queueName = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "a queue name: lower-case letters, digits, _");

export const QueueSchema = z.strictObject({
  name: queueName,
  /** Percent of the root queue; when omitted, what is left is split evenly. */
  capacity: z.number().min(1).max(100).optional(),
  /** Users who may submit; "*" for everyone. */
  submit: z.union([z.literal("*"), z.array(z.string())]).optional(),
  /** Users who may administer (kill) apps in the queue; "*" for everyone. */
  administer: z.union([z.literal("*"), z.array(z.string())]).optional(),
});
export type Queue = z.infer<typeof QueueSchema>;

export function topologySchema(knownUsers: readonly string[]) {
  const tenant = z.enum(knownUsers as [string, ...string[]]);
  return z
    .strictObject({
      /**
       * Who runs the applications: YARN (ResourceManager + NodeManagers, the default), or a Spark standalone cluster
       * (a master, `workers` workers and a gateway; one `spark.authenticate.secret` for every application).
       */
      manager: z.enum(["yarn", "standalone"]).default("yarn"),
      nodeManagers: z.number().int().min(1).max(6).default(2),
      /** Standalone only: the number of workers (worker-1, …); default 1. */
      workers: z.number().int().min(1).max(6).optional(),
      /** Standalone only: the master's REST submission server (port 6066): on, off, or the release's default (off before 4.1, on from 4.1). */
      rest: z.enum(["default", "on", "off"]).optional(),
      /**
       * Standalone only: the master's web UI (and every Spark UI of the cluster) and its REST server behind Spark's own
       * JWSFilter (spark.ui.filters, spark.master.rest.filters) with a key generated per cluster: a request needs
       * `Authorization: Bearer <JWS signed with the key>`.
       */
      jws: z.boolean().optional(),
      tenants: z.array(tenant).min(1).default(["alice"]),
      /** Queues; default: one queue per tenant, named after it, where only that tenant may submit. */
      queues: z.array(QueueSchema).min(1).optional(),
      nodeManager: z
        .strictObject({
          memoryMb: z.number().int().min(1024).max(16384).default(3072),
          vcores: z.number().int().min(1).max(16).default(4),
        })
        .default({ memoryMb: 3072, vcores: 4 }),
      /**
       * One NodeManager per tenant, fenced with a real YARN node label (an exclusive partition): tenant i's label
       * (named after the tenant) goes on nm-i, and only the tenant's own queue may use it — also as its default
       * node-label expression. NodeManagers beyond the tenants stay unlabelled. Needs the default queues.
       */
      dedicatedNodes: z.boolean().optional(),
    })
    .superRefine((t, ctx) => {
      if (t.manager === "standalone") {
        for (const key of ["queues", "dedicatedNodes"] as const)
          if (t[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `${key} are YARN's; a standalone cluster has no queues or node labels: leave ${key} out` });
      } else {
        for (const key of ["workers", "rest", "jws"] as const)
          if (t[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `${key} is for a standalone cluster: add manager: "standalone", or use nodeManagers for YARN` });
      }
      if (t.dedicatedNodes && t.nodeManagers < t.tenants.length)
        ctx.addIssue({ code: "custom", path: ["dedicatedNodes"], message: `dedicatedNodes gives each tenant its own NodeManager: ${t.tenants.length} tenants (${t.tenants.join(", ")}) need nodeManagers ≥ ${t.tenants.length}, got ${t.nodeManagers}` });
      if (t.dedicatedNodes && t.queues)
        ctx.addIssue({ code: "custom", path: ["queues"], message: "dedicatedNodes labels each tenant's own queue (one per tenant, named after it): leave queues out" });
      if (t.dedicatedNodes && new Set(t.tenants).size !== t.tenants.length)
        ctx.addIssue({ code: "custom", path: ["tenants"], message: "dedicatedNodes needs each tenant once" });
      const names = new Set<string>();
      for (const [i, q] of (t.queues ?? []).entries()) {
        if (names.has(q.name)) ctx.addIssue({ code: "custom", path: ["queues", i, "name"], message: `queue ${q.name} is declared twice` });
        names.add(q.name);
        for (const key of ["submit", "administer"] as const) {
          const users = q[key];
          if (Array.isArray(users)) {
            for (const [j, u] of users.entries()) {
              if (!knownUsers.includes(u))
                ctx.addIssue({ code: "custom", path: ["queues", i, key, j], message: `unknown user ${JSON.stringify(u)}; allowed: ${knownUsers.join(", ")}` });
            }
          }
        }
      }
      const explicit = (t.queues ?? []).reduce((s, q) => s + (q.capacity ?? 0), 0);
      if (explicit > 100) ctx.addIssue({ code: "custom", path: ["queues"], message: `capacities add up to ${explicit} %, more than 100 %` });
      else if (t.queues && t.queues.every((q) => q.capacity !== undefined) && Math.abs(explicit - 100) > 1e-9)
        ctx.addIssue({ code: "custom", path: ["queues"], message: `capacities add up to ${explicit} %; they must total 100 % (or leave one out to take the rest)` });
    });
}

export type TopologyInput = z.input<ReturnType<typeof topologySchema>>;
export type ClusterManager = "yarn" | "standalone";
export type Topology = z.output<ReturnType<typeof topologySchema>>;

/** Validates a topology; the error names each bad key and what is allowed. */
export function parseTopology(input: unknown, where = "topology", knownUsers = loadManifest().tenants.users): Topology {
  const r = topologySchema(knownUsers).safeParse(input ?? {}, { reportInput: true });
  if (!r.success) throw new HarnessError("INVALID_INPUT", `invalid ${where}: ${formatZodError(r.error, where)}`);
  return r.data;
}

/** The queues to render: the declared ones, or one per tenant. Capacities always add up to 100. */
export function effectiveQueues(t: Topology): Required<Queue>[] {
  const declared: Queue[] = t.queues ?? t.tenants.map((name) => ({ name, submit: [name], administer: [name] }));
  const fixed = declared.reduce((s, q) => s + (q.capacity ?? 0), 0);
  const open = declared.filter((q) => q.capacity === undefined);
  const share = open.length > 0 ? (100 - fixed) / open.length : 0;
  const round3 = (x: number): number => Math.round(x * 1000) / 1000;
  const queues = declared.map((q) => ({
    name: q.name,
    capacity: round3(q.capacity ?? share),
    submit: q.submit ?? "*",
    administer: q.administer ?? [],
  }));
  // the CapacityScheduler wants the children to total 100: the last queue takes the rounding rest
  const others = queues.slice(0, -1).reduce((s, q) => s + q.capacity, 0);
  const last = queues[queues.length - 1]!;
  last.capacity = round3(100 - others);
  return queues;
}

export function nodeManagerNames(t: Topology): string[] {
  return Array.from({ length: t.nodeManagers }, (_, i) => `nm-${i + 1}`);
}

/** A standalone cluster's master node. */
export const MASTER_NODE = "master";

/** A standalone cluster's workers: worker-1, …; none for YARN. */
export function workerNames(t: Topology): string[] {
  return t.manager === "standalone" ? Array.from({ length: t.workers ?? 1 }, (_, i) => `worker-${i + 1}`) : [];
}

/** Every node a topology has (capture targets, scenario references). */
export function nodeNamesOf(t: Topology): string[] {
  return t.manager === "standalone" ? [MASTER_NODE, "gateway", ...workerNames(t)] : ["rm", "gateway", ...nodeManagerNames(t)];
}

/** The queue a user's apps go to: the one named after the user, else the first the user may submit to, else the first. */
export function queueFor(t: Topology, user: string): string {
  const qs = effectiveQueues(t);
  return (qs.find((q) => q.name === user) ?? qs.find((q) => q.submit === "*" || q.submit.includes(user)) ?? qs[0]!).name;
}

/** With dedicatedNodes: which NodeManager carries which tenant's exclusive label, and the queue that may use it. */
export interface DedicatedNode {
  node: string;
  label: string;
  tenant: string;
  queue: string;
}

/** Tenant i → nm-i, label and queue named after the tenant; [] without dedicatedNodes. */
export function dedicatedNodes(t: Topology): DedicatedNode[] {
  if (!t.dedicatedNodes) return [];
  return t.tenants.map((tenant, i) => ({ node: `nm-${i + 1}`, label: tenant, tenant, queue: tenant }));
}
