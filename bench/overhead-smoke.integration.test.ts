// The overhead benchmark in smoke mode (2 MB, one repetition): checks the machinery on the real cluster —
// every profile runs and yields a timing, the reports are written — never the figures.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BENCH_PROFILES, runOverheadBench } from "../harness/bench/overhead-runner.ts";
import { leftovers } from "../scenarios/leftovers.ts";

describe("bench-overhead smoke", () => {
  it("runs every profile once, with and without io encryption, and writes JSON, Markdown and SVG", async () => {
    const r = await runOverheadBench({ sizeMb: 2, reps: 1, withIoEncryption: true });
    const json = JSON.parse(readFileSync(join(r.dir, "overhead.json"), "utf8")) as { samples: { profile: string; ok: boolean; error?: string }[]; rows: unknown[]; ceiling: { nodeAesGcmMBps: number } };
    expect(json.samples).toHaveLength(BENCH_PROFILES.length * 2);
    expect(json.samples.filter((s) => !s.ok)).toEqual([]);
    expect(json.rows).toHaveLength(BENCH_PROFILES.length * 2);
    expect(json.ceiling.nodeAesGcmMBps).toBeGreaterThan(0);
    expect(existsSync(join(r.dir, "overhead.svg"))).toBe(true);
    expect(r.markdown).toContain("| auth-gcm+io-enc |");
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });
});
