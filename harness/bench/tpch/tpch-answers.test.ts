import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir } from "../../util/paths.ts";
import { cellsEqual, checkAgainstBaseline, checkAgainstReference, compareRows, isOrdered, parseDriverOutput, parseReferenceResult, parseStartup, REFERENCE_TOLERANCE, SAME_ENGINE_TOLERANCE } from "./tpch-answers.ts";

const dir = join(fixturesDir, "bench", "tpch");
const read = (p: string): string => readFileSync(join(dir, p), "utf8");
// a real run: Spark 4.0.5 local[2], TpchQueries on tpchgen-cli 4.0.0 SF 0.01, all 22 queries, one warm-up pass + one timed
const all = parseDriverOutput(read("driver-sf0.01-spark-4.0.5.txt"));
const runs = all.filter((r) => !r.warmup);

describe("reference .result format", () => {
  it("reads the header, the types and the rows; a trailing delimiter is not a column", () => {
    const r = parseReferenceResult(read("reference/q1.result"));
    expect(r.ignoreOrder).toBe(false);
    expect(r.rows).toHaveLength(4);
    expect(r.rows.every((row) => row.length === 10)).toBe(true);
    expect(r.rows[1]!.slice(0, 3)).toEqual(["N", "F", "8971.00"]);
    expect(parseReferenceResult(read("reference/q13.result")).types).toEqual(["BIGINT", "BIGINT"]);
  });
  it("refuses a file without the header, naming where", () => {
    expect(() => parseReferenceResult("1|2\n", "q9.result")).toThrow(/q9\.result:1/);
  });
});

describe("driver output", () => {
  it("holds one line per query with rows, columns and task metrics", () => {
    expect(runs.map((r) => r.query)).toEqual(Array.from({ length: 22 }, (_, i) => `q${i + 1}`));
    expect(all.filter((r) => r.warmup).map((r) => r.iteration)).toEqual(Array(22).fill(-1));
    expect(runs[0]!.shuffleRemoteReadBytes).toBe(0); // local mode: nothing crosses a network
    const q3 = runs[2]!;
    expect(q3.columns.map((c) => c.name)).toEqual(["l_orderkey", "revenue", "o_orderdate", "o_shippriority"]);
    expect(q3.rows?.[0]).toEqual([47714, "267010.5894", "1995-03-11", 0]);
    expect(q3.shuffleWriteBytes).toBeGreaterThan(0);
    expect(parseDriverOutput("26/12/07 INFO SparkContext: x\nnothing here\n")).toEqual([]);
  });

  it("the start-up line is read apart from the query lines; without one there is no start-up; a broken one names itself", () => {
    const out = 'INFO x\ntpch-ready {"jvmStartMs":1796676100000,"sessionMs":4100,"registeredMs":21000,"runningMs":23500,"executors":2}\ntpch-json {"query":"q3"}\n';
    expect(parseStartup(out)).toEqual({ jvmStartMs: 1796676100000, sessionMs: 4100, registeredMs: 21000, runningMs: 23500, executors: 2 });
    expect(parseDriverOutput(out).map((r) => r.query)).toEqual(["q3"]);
    expect(parseStartup("tpch-json {}\n")).toBeUndefined();
    expect(() => parseStartup("tpch-ready {oops\n")).toThrow(/the tpch-ready line is not JSON/);
  });
});

describe("answer comparison", () => {
  it("isOrdered: the outermost ORDER BY only", () => {
    expect(isOrdered(read("queries/q1.sql"))).toBe(true);
    expect(isOrdered(read("queries/q6.sql"))).toBe(false);
    expect(isOrdered("select * from (select a from t order by a) x")).toBe(false);
    expect(isOrdered("-- order by in a comment\nselect 1")).toBe(false);
  });

  it("numbers within the tolerance, integers exactly, text as text", () => {
    expect(cellsEqual("25.58", "25.577655", REFERENCE_TOLERANCE)).toBe(true);
    expect(cellsEqual("380456", "380456.00", REFERENCE_TOLERANCE)).toBe(true);
    expect(cellsEqual("14876", 14877, REFERENCE_TOLERANCE)).toBe(false);
    expect(cellsEqual("100.00", "102.00", REFERENCE_TOLERANCE)).toBe(false);
    expect(cellsEqual("1.000000001", "1.000000002", SAME_ENGINE_TOLERANCE)).toBe(true);
    expect(cellsEqual("1.0001", "1.0002", SAME_ENGINE_TOLERANCE)).toBe(false);
    expect(cellsEqual("GERMANY", "GERMANY ", REFERENCE_TOLERANCE)).toBe(true);
    expect(cellsEqual(null, "x", REFERENCE_TOLERANCE)).toBe(false);
  });

  it("Spark 4.0.5 on tpchgen-cli SF 0.01 matches io.trino.tpch's answers for q1, q3, q6, q13", () => {
    for (const q of ["q1", "q3", "q6", "q13"]) {
      const c = checkAgainstReference(runs.find((r) => r.query === q)!, parseReferenceResult(read(`reference/${q}.result`)), read(`queries/${q}.sql`));
      expect(c, q).toMatchObject({ valid: true, problems: [] });
    }
  });

  it("a changed value, a lost row, or a swapped order (where the query orders) is caught and named", () => {
    const q3 = runs[2]!;
    const ref = parseReferenceResult(read("reference/q3.result"));
    const sql = read("queries/q3.sql");
    const changed = { ...q3, rows: q3.rows!.map((r, i) => (i === 4 ? [r[0]!, "1.0000", r[2]!, r[3]!] : r)) };
    expect(checkAgainstReference(changed, ref, sql).problems).toEqual([expect.stringMatching(/^row 5: revenue = "1\.0000", expected "\d+\.\d+"$/)]);
    expect(checkAgainstReference({ ...q3, rows: q3.rows!.slice(1) }, ref, sql).problems[0]).toBe("9 rows, expected 10");
    const swapped = { ...q3, rows: [q3.rows![1]!, q3.rows![0]!, ...q3.rows!.slice(2)] };
    expect(checkAgainstReference(swapped, ref, sql).valid).toBe(false);
    expect(checkAgainstBaseline(swapped, q3, "select * from t").valid).toBe(true); // no ORDER BY: order is free
    expect(checkAgainstBaseline(changed, q3, sql).valid).toBe(false);
  });

  it("unordered comparison matches duplicates one to one", () => {
    const o = { ordered: false, tolerance: REFERENCE_TOLERANCE };
    expect(compareRows([["a"], ["a"], ["b"]], [["b"], ["a"], ["a"]], o).valid).toBe(true);
    expect(compareRows([["a"], ["a"], ["b"]], [["b"], ["b"], ["a"]], o).valid).toBe(false);
  });
});
