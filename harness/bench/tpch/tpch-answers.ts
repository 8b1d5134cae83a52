// TPC-H answers: the reference format (io.trino.tpch's qN.result), the driver's JSON lines (fixtures/bench/tpch-driver TpchQueries),
// and the comparison of the two — numeric within a tolerance, in order only where the query orders its rows.
import { HarnessError } from "../../errors/harness-error.ts";

export type Cell = string | number | boolean | null;

export interface ReferenceAnswer {
  ignoreOrder: boolean;
  types?: string[];
  rows: string[][];
}

/** Parses "-- delimiter: |; ignoreOrder: false; types: A|B" then one row a line; a trailing delimiter is dropped. */
export function parseReferenceResult(text: string, where = "result"): ReferenceAnswer {
  const lines = text.split("\n");
  const head = lines[0] ?? "";
  if (!head.startsWith("--")) throw new HarnessError("INVALID_INPUT", `${where}:1: expected a "-- delimiter: …" header, got ${JSON.stringify(head.slice(0, 60))}`);
  const opts = new Map(head.slice(2).split(";").map((kv) => kv.trim()).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf(":")).trim(), kv.slice(kv.indexOf(":") + 1).trim()] as const));
  const delimiter = opts.get("delimiter") || "|";
  const types = opts.get("types")?.split(delimiter);
  const rows = lines
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => (l.endsWith(delimiter) ? l.slice(0, -delimiter.length) : l).split(delimiter));
  return { ignoreOrder: opts.get("ignoreOrder") === "true", types, rows };
}

export interface QueryRun {
  query: string;
  iteration: number;
  warmup: boolean;
  ms: number;
  rowCount: number;
  columns: { name: string; type: string }[];
  rows?: Cell[][];
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  memorySpillBytes: number;
  diskSpillBytes: number;
  executorCpuNs: number;
  inputBytes: number;
  tasks: number;
  /** shuffle bytes fetched from other executors (absent in runs before the driver had it) */
  shuffleRemoteReadBytes?: number;
  /** the collect's start and end, epoch ms (absent in runs before the driver had them) */
  startMs?: number;
  endMs?: number;
}

/** What opens each of the driver's result lines (TpchQueries.java prints "tpch-json {…}"). */
export const DRIVER_LINE = "tpch-json ";

/** Whether a line of the driver's stdout is one of its result lines. */
export const isDriverLine = (line: string): boolean => line.includes(`${DRIVER_LINE}{`);

/** An app's start-up as its driver measured it (TpchQueries.printStartup), ms from the driver JVM's start. */
export interface AppStartup {
  jvmStartMs: number;
  sessionMs: number;
  /** every executor registered with the driver */
  registeredMs: number;
  /** every executor has run a task: its plugins are up (an attested executor's attestation done) */
  runningMs: number;
  executors: number;
}

/** What opens the driver's start-up line ("tpch-ready {…}"). */
export const READY_LINE = "tpch-ready ";

/** The driver's start-up line, if it printed one (none: its executors did not all come up within its limit). */
export function parseStartup(stdout: string): AppStartup | undefined {
  for (const line of stdout.split("\n")) {
    const i = line.indexOf(`${READY_LINE}{`);
    if (i < 0) continue;
    try {
      return JSON.parse(line.slice(i + READY_LINE.length)) as AppStartup;
    } catch (e) {
      throw new HarnessError("INVALID_INPUT", `driver output: the tpch-ready line is not JSON (${(e as Error).message}): ${line.slice(0, 120)}`, { cause: e });
    }
  }
  return undefined;
}

/** The "tpch-json {…}" lines of the driver's stdout, in order; other lines are Spark's own and ignored. */
export function parseDriverOutput(stdout: string): QueryRun[] {
  const out: QueryRun[] = [];
  for (const line of stdout.split("\n")) {
    const i = line.indexOf(`${DRIVER_LINE}{`);
    if (i < 0) continue;
    try {
      out.push(JSON.parse(line.slice(i + DRIVER_LINE.length)) as QueryRun);
    } catch (e) {
      throw new HarnessError("INVALID_INPUT", `driver output: a tpch-json line is not JSON (${(e as Error).message}): ${line.slice(0, 120)}`, { cause: e });
    }
  }
  return out;
}

/** True when the query's outermost SELECT orders its rows (the last ORDER BY is not inside parentheses). */
export function isOrdered(sql: string): boolean {
  const text = sql.replace(/--[^\n]*/g, "").toLowerCase();
  const at = text.lastIndexOf("order by");
  if (at < 0) return false;
  let depth = 0;
  for (const ch of text.slice(at)) {
    depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
    if (depth < 0) return false; // the ORDER BY closes inside a subquery
  }
  return true;
}

export interface Tolerance {
  /** relative difference allowed between non-integer numbers (TPC-H 2.1.3.5 allows 1 % for averages and ratios) */
  relative: number;
  /** absolute difference allowed (rounding of money to cents) */
  absolute: number;
  /** integers (counts, keys) must match exactly */
}
/** Against the reference answers (other engine, printed with rounding). */
export const REFERENCE_TOLERANCE: Tolerance = { relative: 1e-2, absolute: 0.01 };
/** Between profiles of the same Spark on the same data: decimal arithmetic is exact, so any change is a finding. */
export const SAME_ENGINE_TOLERANCE: Tolerance = { relative: 1e-9, absolute: 0 };

const NUMERIC = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Equal as values: numbers within the tolerance (integers on both sides exactly), anything else as trimmed text. */
export function cellsEqual(expected: Cell, actual: Cell, tol: Tolerance): boolean {
  if (expected === null || actual === null) return String(expected).toLowerCase() === String(actual).toLowerCase();
  const e = String(expected).trim();
  const a = String(actual).trim();
  if (NUMERIC.test(e) && NUMERIC.test(a)) {
    const x = Number(e);
    const y = Number(a);
    if (!/[.eE]/.test(e) && !/[.eE]/.test(a)) return x === y;
    return Math.abs(x - y) <= Math.max(tol.absolute, tol.relative * Math.max(Math.abs(x), Math.abs(y)));
  }
  return e === a;
}

export interface AnswerCheck {
  valid: boolean;
  /** the first few differences, each naming the row and column */
  problems: string[];
  expectedRows: number;
  actualRows: number;
  ordered: boolean;
}

const key = (row: readonly Cell[]): string => row.map((c) => (c === null ? "∅" : NUMERIC.test(String(c).trim()) ? Number(c).toFixed(2) : String(c).trim())).join("\u0001");

/** Compares rows: in order when `ordered`, otherwise as multisets (each actual row matched to an equal expected row). */
export function compareRows(expected: readonly (readonly Cell[])[], actual: readonly (readonly Cell[])[], o: { ordered: boolean; tolerance: Tolerance; columns?: string[]; limit?: number }): AnswerCheck {
  const problems: string[] = [];
  const limit = o.limit ?? 5;
  const col = (i: number): string => o.columns?.[i] ?? `#${i + 1}`;
  const rowDiff = (e: readonly Cell[], a: readonly Cell[]): string | undefined => {
    if (e.length !== a.length) return `${a.length} columns, expected ${e.length}`;
    const bad = e.findIndex((v, i) => !cellsEqual(v, a[i]!, o.tolerance));
    return bad < 0 ? undefined : `${col(bad)} = ${JSON.stringify(a[bad])}, expected ${JSON.stringify(e[bad])}`;
  };
  if (expected.length !== actual.length) problems.push(`${actual.length} rows, expected ${expected.length}`);
  if (o.ordered) {
    for (let i = 0; i < Math.min(expected.length, actual.length) && problems.length < limit; i++) {
      const d = rowDiff(expected[i]!, actual[i]!);
      if (d) problems.push(`row ${i + 1}: ${d}`);
    }
  } else {
    const pool = new Map<string, number[]>();
    expected.forEach((r, i) => pool.set(key(r), [...(pool.get(key(r)) ?? []), i]));
    const used = new Set<number>();
    for (const [i, a] of actual.entries()) {
      // exact key first; otherwise any unused expected row equal within the tolerance
      const byKey = pool.get(key(a))?.find((j) => !used.has(j) && !rowDiff(expected[j]!, a));
      const match = byKey ?? expected.findIndex((e, j) => !used.has(j) && !rowDiff(e, a));
      if (match === undefined || match < 0) {
        if (problems.length < limit) problems.push(`row ${i + 1} ${JSON.stringify(a).slice(0, 160)} has no equal row in the expected answer`);
      } else used.add(match);
    }
  }
  return { valid: problems.length === 0, problems, expectedRows: expected.length, actualRows: actual.length, ordered: o.ordered };
}

/** A driver run's rows against a reference .result (order as the query text says). */
export function checkAgainstReference(run: QueryRun, ref: ReferenceAnswer, sql: string, tolerance = REFERENCE_TOLERANCE): AnswerCheck {
  if (!run.rows) return { valid: false, problems: ["the driver printed no rows (run it with rows=full)"], expectedRows: ref.rows.length, actualRows: run.rowCount, ordered: false };
  return compareRows(ref.rows, run.rows, { ordered: !ref.ignoreOrder && isOrdered(sql), tolerance, columns: run.columns.map((c) => c.name) });
}

/** A run's rows against the same query's rows under the baseline profile. */
export function checkAgainstBaseline(run: QueryRun, baseline: QueryRun, sql: string, tolerance = SAME_ENGINE_TOLERANCE): AnswerCheck {
  if (!run.rows || !baseline.rows) return { valid: false, problems: ["rows missing (run the driver with rows=full)"], expectedRows: baseline.rowCount, actualRows: run.rowCount, ordered: false };
  return compareRows(baseline.rows, run.rows, { ordered: isOrdered(sql), tolerance, columns: run.columns.map((c) => c.name) });
}
