// Workload steps as data: which job a tenant submits, how, and with what arguments.
import { z } from "zod";

export const JOBS = {
  pi: { mainClass: "shieldlab.jobs.Pi" },
  shuffle: { mainClass: "shieldlab.jobs.Shuffle" },
} as const;
export type JobName = keyof typeof JOBS;

export const SubmitStepSchema = z.strictObject({
  kind: z.literal("spark-submit"),
  /** Unique within the scenario; names the step in the history and artifacts. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  tenant: z.string(),
  job: z.enum(Object.keys(JOBS) as [JobName, ...JobName[]]),
  deployMode: z.enum(["client", "cluster"]).default("client"),
  args: z.array(z.string()).default([]),
  conf: z.record(z.string(), z.string()).default({}),
  queue: z.string().optional(),
  timeoutSeconds: z.number().int().min(10).max(3600).default(300),
});
export type SubmitStep = z.output<typeof SubmitStepSchema>;
export type SubmitStepInput = z.input<typeof SubmitStepSchema>;

export const WorkloadStepSchema = z.discriminatedUnion("kind", [SubmitStepSchema]);
export type WorkloadStep = z.output<typeof WorkloadStepSchema>;

type JobOptions = Omit<SubmitStepInput, "kind" | "job" | "id"> & { id?: string };

/** Spark Pi as a tenant: `sparkPi({ tenant: "alice", deployMode: "cluster" })`. */
export function sparkPi(o: JobOptions): SubmitStepInput {
  return { kind: "spark-submit", job: "pi", id: o.id ?? `pi-${o.deployMode ?? "client"}`, ...o };
}

/** The shuffle job: `megabytes` through a shuffle, every record carrying `canary`. */
export function shuffleJob(o: JobOptions & { megabytes: number; canary: string; partitions?: number }): SubmitStepInput {
  const { megabytes, canary, partitions, ...rest } = o;
  return {
    kind: "spark-submit",
    job: "shuffle",
    id: o.id ?? `shuffle-${o.deployMode ?? "client"}`,
    ...rest,
    args: [String(megabytes), canary, String(partitions ?? 4)],
  };
}
