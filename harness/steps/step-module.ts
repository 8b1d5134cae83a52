// What a step kind is: its schema (scenario data), what the loader must check about it, and run(ctx) that records
// operations into the history and returns the step's evidence. The registry lists the modules; nothing else does.
import { z } from "zod";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import type { History } from "../scenario/history.ts";
import type { StepRecord } from "./step-evidence.ts";

/** The scenario fields a step names, checked when the scenario loads (each as [key path, value]). */
export interface StepRefs {
  /** Users that must be tenants of the topology. */
  tenants?: [key: string, user: string][];
  /** NodeManagers (nm-1, …) that must exist in the topology. */
  nodes?: [key: string, node: string][];
  /** Step ids that must name an earlier step whose app an attack can aim at (a background spark-submit). */
  targets?: [key: string, step: string][];
}

/** What a running step may use. */
export interface StepContext<S> {
  readonly step: S;
  /** This step's evidence record (the runner also keeps the returned evidence in it). */
  readonly record: StepRecord;
  readonly cluster: StartedCluster;
  readonly history: History;
  /** The step's artifact folder: <run>/<scenario>/steps/<id>/ (created on demand by whoever writes into it). */
  readonly dir: string;
  /** Another step's evidence record (a target's app id, owner, spark-submit output). */
  other(id: string): StepRecord | undefined;
  onProgress(line: string): void;
  readonly signal?: AbortSignal;
  /** Work that goes on after run() returns (a background job); the runner awaits it before the checks. */
  background(work: Promise<unknown>): void;
  /** Registers the release of a held job (`what` names it); the runner releases all of them after the last foreground step. */
  onRelease(what: string, release: () => Promise<void>): void;
  /**
   * Registers how to put back what this step changed on the cluster (a grant, a setting) that later scenarios on the
   * same cluster must not inherit. The runner undoes, newest first, once the workload is over (also after a failed
   * step); an undo that fails makes the scenario unknown.
   */
  onUndo(what: string, undo: () => Promise<void>): void;
  /** The scenario cannot go on: the runner stops after this step and the verdict is unknown. */
  fail(reason: string): void;
}

export interface StepModule<S extends z.ZodObject = z.ZodObject, E = unknown> {
  readonly kind: string;
  /** A zod strictObject whose `kind` is a literal: one member of the workload's discriminated union. */
  readonly schema: S;
  /** Its step needs the scenario's attestation block (the cluster's attestation layer). */
  readonly needsAttestation?: boolean;
  /** Its step needs a Kerberized cluster (the profile's kerberos option, and with it the KDC layer). */
  readonly needsKerberos?: boolean;
  /** The cluster managers it runs on (default: YARN only). */
  readonly managers?: readonly ("yarn" | "standalone")[];
  refs?(step: z.output<S>): StepRefs;
  /** An attack may aim at this step's app (it runs in the background while later steps run). */
  isTarget?(step: z.output<S>): boolean;
  /** A few words for the progress line: "john kills …". */
  describe(step: z.output<S>): string;
  /** Runs the step; never throws for an outcome (a refusal is evidence); returns the step's own evidence. */
  run(ctx: StepContext<z.output<S>>): Promise<E | undefined>;
}

/** Typed identity for a step module: infers the step type from the schema and the evidence type from run(). */
export function defineStep<S extends z.ZodObject, E>(m: StepModule<S, E>): StepModule<S, E> {
  return m;
}

/** The `id` every step kind has: unique within the scenario; names the step in the history and artifacts. */
export const StepIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a step id: lower-case letters, digits, -");
