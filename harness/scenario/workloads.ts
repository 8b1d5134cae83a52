// Workload steps as data: which job a tenant submits, how, and with what arguments.
import { z } from "zod";
import { AclMatrixSchema } from "../attacks/acl-matrix.ts";

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
  /** Start it and go on with the next steps (an attack needs a running app); it is awaited before the checks. */
  background: z.boolean().default(false),
  /**
   * An attack's victim: after its work the job holds the app (driver, AM, executors alive) until the runner releases
   * it, after the scenario's last foreground step — so no attack races the victim's end. Pi only; needs background.
   */
  hold: z.boolean().default(false),
});
export type SubmitStep = z.output<typeof SubmitStepSchema>;
export type SubmitStepInput = z.input<typeof SubmitStepSchema>;

/** An attack through the RM REST API: `asUser` asks to kill the app of step `target` once it runs. */
export const RmKillStepSchema = z.strictObject({
  kind: z.literal("rm-kill"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  /** The user.name the request carries (under simple auth the RM believes it). */
  asUser: z.string(),
  /** Who really sends it (recorded; a spoof is asUser ≠ actor). */
  actor: z.string(),
  target: z.string(),
});
export type RmKillStep = z.output<typeof RmKillStepSchema>;

/** A client without the app's secret opens Spark RPC to the driver of step `target` (a client-mode submit). */
export const RogueRpcStepSchema = z.strictObject({
  kind: z.literal("rogue-rpc"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  target: z.string(),
  /**
   * "none": raw frames from this host, no authentication at all. "own": a process of tenant `actor` that holds
   * only a secret of its own (per-app secrets, YARN's default); "stolen": the same process, after `actor`'s YARN
   * container read the target app's secret from its AM's container_tokens on the shared NodeManager.
   * (Spark 4 on YARN refuses a secret shared through spark.authenticate.secret.file, so no "shared" option.)
   */
  secret: z.enum(["none", "own", "stolen"]).default("none"),
  actor: z.string().optional(),
});
export type RogueRpcStep = z.output<typeof RogueRpcStepSchema>;

/** The tenancy matrix (harness/attacks/acl-matrix.ts): every cell a real request to the RM. */
export const AclMatrixStepSchema = z.strictObject({
  kind: z.literal("acl-matrix"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  matrix: AclMatrixSchema,
});
export type AclMatrixStep = z.output<typeof AclMatrixStepSchema>;

/** Tenant `attacker`'s YARN container reads a file in tenant `victim`'s container directory (one NodeManager). */
export const ContainerSnoopStepSchema = z.strictObject({
  kind: z.literal("container-snoop"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  victim: z.string(),
  attacker: z.string(),
});

/** Probes the web UI of step `target`'s driver (a client-mode submit) over HTTP and HTTPS. */
export const UiProbeStepSchema = z.strictObject({
  kind: z.literal("ui-probe"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  target: z.string(),
});
export type UiProbeStep = z.output<typeof UiProbeStepSchema>;

/** Attestation attack: one file owned by the attest user changes on one NodeManager (restored after the scenario). */
export const TamperFileStepSchema = z.strictObject({
  kind: z.literal("tamper-file"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  node: z.string().regex(/^nm-[1-9]$/, "a NodeManager: nm-1, nm-2, …"),
  /** A path or shell glob inside the node; the first match is changed (a jar gets one more entry). */
  path: z.string().startsWith("/"),
});

/** Attestation attack: the emulated device (or the RA-TLS client) of one NodeManager misbehaves. */
export const AttestFaultStepSchema = z.strictObject({
  kind: z.literal("attest-fault"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  node: z.string().regex(/^nm-[1-9]$/, "a NodeManager: nm-1, nm-2, …"),
  faults: z
    .strictObject({
      /** The platform token is signed by a key the verifier does not endorse. */
      foreignPlatformKey: z.boolean().optional(),
      /** The realm reports this initial measurement instead of the image's. */
      rimOverrideHex: z.string().regex(/^([0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/).optional(),
      /** The IMA log handed out no longer replays to REM[0]. */
      imaLog: z.enum(["truncate", "reorder"]).optional(),
      /** The client re-sends the evidence of its previous attestation (an old challenge). */
      replayEvidence: z.boolean().optional(),
    })
    .refine((f) => Object.keys(f).length > 0, "at least one fault"),
});

/** Attestation attack: the verifier leaves the network (executors cannot reach it); it comes back after the scenario. */
export const VerifierOutageStepSchema = z.strictObject({
  kind: z.literal("verifier-outage"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
});

/** Steps that need the cluster's attestation layer. */
export const ATTESTATION_STEP_KINDS = new Set(["tamper-file", "attest-fault", "verifier-outage"]);

/**
 * A client-mode job whose executors (and AM) reach the driver through a man-in-the-middle proxy that flips one bit
 * in each executor→driver connection after the plaintext auth handshake (harness/attacks/mitm-proxy.ts).
 */
export const MitmTamperStepSchema = z.strictObject({
  kind: z.literal("mitm-tamper"),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -"),
  tenant: z.string(),
  job: z.enum(Object.keys(JOBS) as [JobName, ...JobName[]]).default("pi"),
  args: z.array(z.string()).default(["2", "2000"]),
  conf: z.record(z.string(), z.string()).default({}),
  queue: z.string().optional(),
  timeoutSeconds: z.number().int().min(10).max(3600).default(240),
  /** Bytes into the encrypted stream; default: the first character of the endpoint name in the first message. */
  flipOffset: z.number().int().min(0).max(1 << 20).optional(),
  /** Bytes into the payload of the first TLS application_data record. */
  tlsPayloadOffset: z.number().int().min(0).max(16384).default(8),
  /** The one bit flipped (XOR mask). */
  bitMask: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8), z.literal(16), z.literal(32), z.literal(64), z.literal(128)]).default(32),
  /** Data-carrying driver-port connections passed untouched first (client mode: the YARN AM connects first). */
  spareConnections: z.number().int().min(0).max(10).default(1),
});
export type MitmTamperStep = z.output<typeof MitmTamperStepSchema>;

/** The fixed driver port that rogue-rpc targets use (spark.driver.port). */
export const ROGUE_TARGET_DRIVER_PORT = 40100;

export const WorkloadStepSchema = z.discriminatedUnion("kind", [SubmitStepSchema, RmKillStepSchema, RogueRpcStepSchema, AclMatrixStepSchema, ContainerSnoopStepSchema, UiProbeStepSchema, TamperFileStepSchema, AttestFaultStepSchema, VerifierOutageStepSchema, MitmTamperStepSchema]);
export type WorkloadStep = z.output<typeof WorkloadStepSchema>;

type JobOptions = Omit<SubmitStepInput, "kind" | "job" | "id"> & { id?: string };

/** An attack's victim: a short Pi whose app then stays RUNNING until the scenario's attacks are over (held). */
export function longPi(o: JobOptions): SubmitStepInput {
  return { kind: "spark-submit", job: "pi", id: o.id ?? "long-pi", background: true, hold: true, ...o, args: ["2", "2000000"] };
}

/** A client-mode long Pi whose driver listens on a known port, for a rogue RPC client to aim at. */
export function driverTarget(o: JobOptions): SubmitStepInput {
  return { ...longPi({ id: "driver", ...o }), deployMode: "client", conf: { "spark.driver.port": String(ROGUE_TARGET_DRIVER_PORT), ...o.conf } };
}

/** A client-mode long Pi whose driver UI is on port 4040 of the gateway (HTTPS on 4440 when UI TLS is on). */
export function uiTarget(o: JobOptions): SubmitStepInput {
  return { ...longPi({ id: "driver", ...o }), deployMode: "client", conf: { "spark.ui.port": "4040", ...o.conf } };
}

/** A rogue RPC client (no secret) against the driver of step `target`. */
export function rogueRpcClient(o: { id?: string; target: string; secret?: "none" | "own" | "stolen"; actor?: string }): z.input<typeof RogueRpcStepSchema> {
  return { kind: "rogue-rpc", id: o.id ?? "rogue", target: o.target, secret: o.secret, actor: o.actor };
}

/** `actor` asks the RM to kill the app of step `target`, as `asUser` (default: as itself). */
export function rmKill(o: { id?: string; actor: string; asUser?: string; target: string }): z.input<typeof RmKillStepSchema> {
  return { kind: "rm-kill", id: o.id ?? `kill-by-${o.actor}`, actor: o.actor, asUser: o.asUser ?? o.actor, target: o.target };
}

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

/** Changes a file the IMA rule measures on one NodeManager (default: Spark's core jar, which every executor opens). */
export function tamperFile(o: { id?: string; node: string; path?: string }): z.input<typeof TamperFileStepSchema> {
  return { kind: "tamper-file", id: o.id ?? `tamper-${o.node}`, node: o.node, path: o.path ?? "/opt/spark/jars/spark-core_*.jar" };
}

/** Makes one NodeManager's emulated device (or RA-TLS client) misbehave. */
export function attestFault(o: { id?: string; node: string; faults: z.input<typeof AttestFaultStepSchema>["faults"] }): z.input<typeof AttestFaultStepSchema> {
  return { kind: "attest-fault", id: o.id ?? `fault-${o.node}`, node: o.node, faults: o.faults };
}

/** Takes the verifier off the network until the scenario ends. */
export function verifierOutage(id = "verifier-outage"): z.input<typeof VerifierOutageStepSchema> {
  return { kind: "verifier-outage", id };
}

/** A short client-mode Pi as `tenant`, routed through the bit-flipping proxy: `mitmTamper({ tenant: "alice" })`. */
export function mitmTamper(o: Omit<z.input<typeof MitmTamperStepSchema>, "kind" | "id"> & { id?: string }): z.input<typeof MitmTamperStepSchema> {
  return { kind: "mitm-tamper", id: o.id ?? "tamper", ...o };
}
