// `shieldlab bench tpch --smoke` through the CLI on the real cluster (SF 0.01, q3 and q9, plain / auth-gcm / io-enc,
// one round): every query's answer matches the TPC-H reference under every profile, the report is written, nothing is
// left running. Checks the machinery and the answers, never the figures.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { SMOKE_PROFILES } from "../harness/cli/bench-tpch-command.ts";
import { SMOKE_QUERIES } from "../harness/bench/tpch/tpch-stats.ts";
import { repoRoot } from "../harness/util/paths.ts";
import { leftovers } from "../scenarios/leftovers.ts";

interface TpchJson {
  answers: { profile: string; query: string; against: string; valid: boolean; problems: string[] }[];
  groups: { apps: { profile: string; ok: boolean; error?: string; appId?: string; startup?: { sessionMs: number; registeredMs: number; runningMs: number } }[] }[];
  ratios: { profile: string; query: string }[];
  ceiling: { jdkAesGcmMBps?: number };
}

describe("bench-tpch smoke", () => {
  it("answers match the reference under every profile; tpch.md, tpch.json and the chart are written; no container is left", async () => {
    const r = await execa("node", ["bin/shieldlab.js", "bench", "tpch", "--smoke"], { cwd: repoRoot, reject: false, all: true, env: { CI: "true", NO_COLOR: "1" } });
    expect(r.exitCode, r.all).toBe(0);
    const dir = /report: (\S+)\/tpch\.\{md,json\}/.exec(r.stdout)?.[1];
    expect(dir, r.all).toBeDefined();
    const json = JSON.parse(readFileSync(join(dir!, "tpch.json"), "utf8")) as TpchJson;
    const apps = json.groups.flatMap((g) => g.apps);
    expect(apps.filter((a) => !a.ok)).toEqual([]);
    expect(apps.map((a) => a.profile).sort()).toEqual([...SMOKE_PROFILES].sort());
    // every driver printed its start-up: executors registered, then running tasks
    for (const a of apps) expect(a.startup && a.startup.runningMs >= a.startup.registeredMs && a.startup.registeredMs > a.startup.sessionMs, a.profile).toBe(true);
    // SF 0.01 is the reference answers' scale: every profile is checked against them, not only against plain
    expect(json.answers).toHaveLength(SMOKE_PROFILES.length * SMOKE_QUERIES.length);
    expect(json.answers.filter((a) => !a.valid)).toEqual([]);
    expect(new Set(json.answers.map((a) => a.against))).toEqual(new Set(["reference"]));
    expect(json.ratios.some((x) => x.profile === "auth-gcm" && x.query === "total")).toBe(true);
    for (const f of ["tpch.md", "tpch-ratios.svg"]) expect(existsSync(join(dir!, f)), f).toBe(true);
    expect(readFileSync(join(dir!, "tpch.md"), "utf8")).toContain("npx shieldlab bench tpch --smoke");
    expect(r.stdout).toContain(`answers: all ${json.answers.length} checks matched`);
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });
});
