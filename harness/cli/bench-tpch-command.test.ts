import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_TPCH_PROFILES } from "../bench/tpch/tpch-profiles.ts";
import { repoRoot } from "../util/paths.ts";
import { assertKnownFlags, parseTpchFlags, SMOKE_PROFILES } from "./bench-tpch-command.ts";

describe("bench tpch flags", () => {
  it("defaults: SF 1 and the default profiles; --smoke: SF 0.01 and its three profiles; queries and rounds left to the plan", () => {
    expect(parseTpchFlags({})).toEqual({ scale: 1, queries: undefined, profiles: [...DEFAULT_TPCH_PROFILES], reps: undefined, iters: undefined, warmupRounds: undefined, seed: 1, smoke: false, sequential: false, profileCpu: false });
    expect(parseTpchFlags({ smoke: true })).toMatchObject({ scale: 0.01, profiles: [...SMOKE_PROFILES], smoke: true });
  });

  it("takes every flag's value", () => {
    expect(parseTpchFlags({ scale: "10", queries: "9,q18", profiles: " plain , krb-privacy,plain", reps: "8", iters: "3", "warmup-rounds": "0", seed: "7", "profile-cpu": true, smoke: true, sequential: true })).toEqual({
      scale: 10, queries: ["q9", "q18"], profiles: ["plain", "krb-privacy"], reps: 8, iters: 3, warmupRounds: 0, seed: 7, smoke: true, sequential: true, profileCpu: true,
    });
    expect(parseTpchFlags({ queries: "all" }).queries).toHaveLength(22);
    expect(parseTpchFlags({ scale: "0.1" }).scale).toBe(0.1);
  });

  it.each([
    [{ scale: "0" }, "--scale must be a TPC-H scale factor above 0"],
    [{ scale: "1e3" }, "--scale must be"],
    [{ scale: "101" }, "--scale must be"],
    [{ queries: "3,23" }, "not a query: q23"],
    [{ profiles: "plain,gcm" }, '--profiles: unknown profile "gcm"'],
    [{ profiles: "," }, "--profiles names no profile"],
    [{ reps: "0" }, "--reps must be a whole number from 1 to 1000"],
    [{ reps: "2.5" }, "--reps must be"],
    [{ seed: "x" }, "--seed must be"],
    [{ iters: "0", sequential: true }, "--iters must be a whole number from 1 to 20"],
    [{ iters: "2" }, "--iters 2: timed passes inside an app are the sequential mode's"],
    [{ "warmup-rounds": "-1" }, "--warmup-rounds must be a whole number from 0 to 10"],
  ])("refuses %j naming the flag", (flags, message) => {
    expect(() => parseTpchFlags(flags)).toThrow(message);
  });

  it("refuses a flag it does not know, naming the near one (citty would ignore it)", () => {
    expect(() => assertKnownFlags(["--profile", "plain"])).toThrow("unknown flag --profile (did you mean --profiles?)");
    expect(() => assertKnownFlags(["--size=4"])).toThrow("unknown flag --size");
    expect(() => assertKnownFlags(["--smoke", "--no-smoke", "--scale=1", "--seed", "-1", "--profile-cpu", "--debug"])).not.toThrow();
  });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { FORCE_COLOR: _f, NO_COLOR: _n, SHIELDLAB_DEBUG: _d, ...base } = process.env;
  return new Promise((resolve) =>
    execFile(process.execPath, ["bin/shieldlab.js", ...args], { cwd: repoRoot, env: { ...base, DOCKER_HOST: "unix:///nonexistent/docker.sock" }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );
}

describe("bench tpch on the command line (spawned, no Docker)", { timeout: 90_000 }, () => {
  it("--help teaches the command: its flags, profiles, output and examples", async () => {
    const r = await cli(["bench", "tpch", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("USAGE shieldlab bench tpch [OPTIONS]");
    expect(r.stdout).toContain("--profile-cpu");
    expect(r.stdout).toContain("npx shieldlab bench tpch --smoke");
    expect(r.stdout).toContain("krb-privacy");
    const bench = await cli(["bench", "--help"]);
    expect(bench.stdout).toContain("tpch");
  });

  it("a bad flag is one clear error with exit 2, before Docker is touched", async () => {
    const r = await cli(["bench", "tpch", "--queries", "3,99"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--queries must be");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain("ENGINE");
  });
});
