// `run --baseline` and `shieldlab diff`: the exit codes they decide, and `diff` end to end on run folders in a temp dir.
import { runResults } from "../report/results-test-support.ts";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FindingKind, RunResults, ScenarioResult, Verdict } from "../report/results-model.ts";
import { loadRunResults } from "../report/results-loader.ts";
import { baselineSection } from "../report/run-diff.ts";
import { writeRunReports } from "../report/run-writer.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";
import { repoRoot } from "../util/paths.ts";
import { runDiffCommand } from "./diff-command.ts";
import { EXIT, exitCodeFor, runExitCode } from "./exit-codes.ts";

const s = (name: string, verdict: Verdict, kind?: FindingKind): ScenarioResult => ({
  name,
  description: "d",
  profile: "plain",
  verdict,
  ...(kind ? { finding: { kind } } : {}),
  checks: [{ name: "app", kind: "app-state", valid: verdict === "pass" ? true : verdict === "fail" ? false : "unknown", message: `app ${verdict}` }],
  seconds: 1,
  artifacts: name,
});
const run = runResults;

const BASE = run("run-base", [s("wire/wire-gcm", "pass", "defended"), s("tenancy/acl", "pass", "defended")]);
const SAME = run("run-same", [s("wire/wire-gcm", "pass", "defended"), s("tenancy/acl", "pass", "defended")]);
const FAILED = run("run-failed", [s("wire/wire-gcm", "fail", "defended"), s("tenancy/acl", "pass", "defended")]);
const WEAKER = run("run-weaker", [s("wire/wire-gcm", "pass", "vulnerable"), s("tenancy/acl", "pass", "defended")]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shieldlab-diff-"));
  for (const r of [BASE, SAME, FAILED, WEAKER]) writeRunReports(join(dir, r.runId), r);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("run --baseline: runExitCode", () => {
  const compared = (current: RunResults): RunResults => ({ ...current, baseline: baselineSection(loadRunResults(join(dir, "run-base"), "--baseline"), current) });

  it("pass → fail exits 1", () => {
    expect(compared(FAILED).baseline?.regressed).toBe(true);
    expect(runExitCode(compared(FAILED))).toBe(EXIT.failed);
  });

  it("defended → vulnerable exits 1 although every scenario passed (without the baseline the same run exits 0)", () => {
    expect(runExitCode(WEAKER)).toBe(EXIT.ok);
    expect(runExitCode(compared(WEAKER))).toBe(EXIT.failed);
  });

  it("unchanged exits 0; an interruption exits 130 whatever the comparison", () => {
    expect(runExitCode(compared(SAME))).toBe(EXIT.ok);
    expect(runExitCode(compared(FAILED), true)).toBe(EXIT.interrupted);
    expect(runExitCode({ ...compared(SAME), interrupted: true })).toBe(EXIT.interrupted);
  });

  it("a missing baseline path is exit 2 with the hint", () => {
    const e = thrownHarnessError(() => loadRunResults(join(dir, "no-such-run"), "--baseline"), "INVALID_INPUT");
    expect(exitCodeFor(e)).toBe(EXIT.usage);
    expect(e.hint).toContain("artifacts/latest");
  });
});

describe("runDiffCommand (in process)", () => {
  const diff = (a: string, b: string, json = false): { code: number; out: string } => {
    let out = "";
    const code = runDiffCommand(join(dir, a), join(dir, b), { json, print: (t) => (out += t) });
    return { code, out };
  };

  it("0 unchanged, 1 pass → fail, 1 defended → vulnerable, 0 for the reverse (fixed)", () => {
    expect(diff("run-base", "run-same").code).toBe(0);
    expect(diff("run-base", "run-failed").code).toBe(1);
    expect(diff("run-base", "run-weaker").code).toBe(1);
    expect(diff("run-failed", "run-base").code).toBe(0);
    expect(diff("run-weaker", "run-base").out).toMatch(/FIXED\n {2}✓ wire\/wire-gcm +finding vulnerable → defended/);
  });

  it("--json prints the comparison with both runs named", () => {
    const j = JSON.parse(diff("run-base", "run-failed/results.json", true).out);
    expect(j).toMatchObject({ runId: "run-base", toRunId: "run-failed", regressed: true, compared: 2 });
    expect(j.changes).toEqual([{ kind: "regressed", key: "wire/wire-gcm", name: "wire/wire-gcm", from: "pass", to: "fail", message: "pass → fail" }]);
  });
});

/** `node bin/shieldlab.js diff …` with no terminal and DOCKER_HOST pointing nowhere. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { FORCE_COLOR: _f, NO_COLOR: _n, SHIELDLAB_DEBUG: _d, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/shieldlab.js", ...args], { cwd: repoRoot, env: { ...env, DOCKER_HOST: "unix:///nonexistent/docker.sock" }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe("shieldlab diff (spawned)", { timeout: 90_000 }, () => {
  it("pass → fail: lists the regression, exit 1; unchanged: exit 0; a missing path: exit 2 with the hint", async () => {
    const [regressed, same, missing] = await Promise.all([
      cli(["diff", join(dir, "run-base"), join(dir, "run-failed")]),
      cli(["diff", join(dir, "run-base"), join(dir, "run-same", "results.json")]),
      cli(["diff", join(dir, "run-base"), join(dir, "nope")]),
    ]);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toMatch(/^CHANGES FROM run-base TO run-failed\n/);
    expect(regressed.stdout).toMatch(/REGRESSED\n {2}✗ wire\/wire-gcm +pass → fail\n/);
    expect(regressed.stdout).not.toMatch(/\u001b\[/);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("no changes; 2 compared");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error \[INVALID_INPUT\]: diff B ".*nope": no such file or folder\nhint: pass a run folder/);
    expect(missing.stdout).toBe("");
  });

  it("diff --help shows an example; a missing argument is a usage error (exit 2)", async () => {
    const [help, usage] = await Promise.all([cli(["diff", "--help"]), cli(["diff", join(dir, "run-base")])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("npx shieldlab diff artifacts/");
    expect(usage.code).toBe(2);
  });
});
