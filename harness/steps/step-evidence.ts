// What a step leaves for the checkers: its own evidence (typed by its step module), the Spark app it ran, and
// whether the app it aimed at was there. Producers write here; checkers only read — no attack code in this file.
import type { SubmitResult } from "../spark/spark-submit.ts";
import type { YarnApp } from "../yarn/rm-client.ts";
import type { WorkloadStep } from "./step-registry.ts";

/** The Spark application a step submitted (spark-submit, mitm-tamper): known piece by piece while it runs. */
export interface SparkAppEvidence {
  tenant: string;
  deployMode: "client" | "cluster";
  /** Known as soon as spark-submit prints it (attacks aim at it while the app runs). */
  appId?: string;
  submit?: SubmitResult;
  /** The RM's final report of the application. */
  app?: YarnApp;
}

/** Whether the app an attack aimed at was RUNNING when the attack began; without it the attack proves nothing. */
export type TargetEvidence = { step: string; running: true; appId: string; owner: string } | { step: string; running: false; why: string };

const SPARK_APP = "spark-app";
const TARGET = "target";

/** One step's evidence record: pieces under keys, the step's own evidence under its kind. */
export class StepRecord {
  /** Why the step's evidence is incomplete, when it is. */
  problem?: string;
  readonly #pieces = new Map<string, unknown>();

  constructor(readonly step: WorkloadStep) {}

  /** Keeps `value` under `key` (replacing an earlier one) and returns it. */
  record<T>(key: string, value: T): T {
    this.#pieces.set(key, value);
    return value;
  }

  get<T>(key: string): T | undefined {
    return this.#pieces.get(key) as T | undefined;
  }

  /** The step's own evidence, as its step module recorded it (the type is the module's evidence type). */
  evidence<T>(): T | undefined {
    return this.get<T>(this.step.kind);
  }

  /** The Spark application the step ran, when it ran one. */
  get spark(): SparkAppEvidence | undefined {
    return this.get<SparkAppEvidence>(SPARK_APP);
  }

  set spark(v: SparkAppEvidence | undefined) {
    this.#pieces.set(SPARK_APP, v);
  }

  /** The app an attack step aimed at, and whether it was there. */
  get target(): TargetEvidence | undefined {
    return this.get<TargetEvidence>(TARGET);
  }

  set target(v: TargetEvidence | undefined) {
    this.#pieces.set(TARGET, v);
  }

  /** The app id: the one spark-submit returned, else the one it printed while running. */
  get appId(): string | undefined {
    return this.spark?.submit?.appId ?? this.spark?.appId;
  }
}

/** A record filled at once (tests, replays): `stepRecord(step, { spark, evidence, problem })`. */
export function stepRecord(step: WorkloadStep, o: { spark?: SparkAppEvidence; target?: TargetEvidence; evidence?: unknown; problem?: string } = {}): StepRecord {
  const r = new StepRecord(step);
  if (o.spark) r.spark = o.spark;
  if (o.target) r.target = o.target;
  if (o.evidence !== undefined) r.record(step.kind, o.evidence);
  r.problem = o.problem;
  return r;
}

/** The one line a checker prints when an attack's target was not RUNNING: the verdict is then unknown. */
export function targetNotThere(stepId: string, t: TargetEvidence | undefined): string | undefined {
  if (!t) return undefined;
  return t.running ? undefined : `${stepId}: target not there: ${t.step}'s app was not RUNNING when the attack began (${t.why})`;
}
