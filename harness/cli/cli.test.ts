// Spawns the real CLI (bin/shieldlab.js) for the paths that must fail before Docker is touched.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../util/paths.ts";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/shieldlab.js …` with no terminal, no colour forcing, and DOCKER_HOST pointing nowhere (so touching Docker would show). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const { FORCE_COLOR: _f, NO_COLOR: _n, SHIELDLAB_DEBUG: _d, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/shieldlab.js", ...args],
      { cwd: repoRoot, env: { ...base, DOCKER_HOST: "unix:///nonexistent/docker.sock", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const STACK = /\n\s+at /;

describe("shieldlab CLI (spawned)", { timeout: 90_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "shieldlab-cli-"));
    mkdirSync(join(dir, "tenancy"));
    // outside the repository, tsx needs to be told the .ts files are ES modules
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      join(dir, "tenancy/bad.ts"),
      `export default {
  name: "tenancy/bad", description: "broken", timeout: 3,
  workload: [{ kind: "spark-submit", id: "pi-client", tenant: "alice", job: "wordcount" }],
  checkers: { app: { kind: "app-state", state: "FINISHED" } },
};
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("run nonexistent/x: exactly one error line and its hint, exit 2, no stack, no colour on a pipe", async () => {
    const r = await cli(["run", "nonexistent/x"]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error \[INVALID_INPUT\]: no scenario matches "nonexistent\/x"; areas: .*tenancy\/.*; suites: .*@default/);
    expect(lines[1]).toMatch(/^hint: .*--list/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toMatch(/\u001b\[/);
    expect(r.stdout).toBe("");
  });

  it("--debug adds the stack trace", async () => {
    const r = await cli(["run", "nonexistent/x", "--debug"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--- stack (--debug) ---");
    expect(r.stderr).toMatch(STACK);
  });

  it("a scenario file with several problems: every one listed, nothing run, exit 2", async () => {
    const r = await cli(["run", "--dir", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[SCENARIO_LOAD_FAILED\]: .*tenancy\/bad\.ts: 2 problems:\n/);
    expect(r.stderr).toContain('  - (root): unknown key(s) "timeout"');
    expect(r.stderr).toContain('  - workload.0.job: must be one of "pi", "shuffle", "sealed", got "wordcount"');
    expect(r.stderr).toContain("nothing to run");
    expect(r.stderr).not.toMatch(STACK);
  });

  it("a bad flag value and an unknown command exit 2", async () => {
    const [repeat, command] = await Promise.all([cli(["run", "--repeat", "zero"]), cli(["frobnicate"])]);
    expect(repeat.code).toBe(2);
    expect(repeat.stderr).toMatch(/^error \[INVALID_INPUT\]: --repeat must be a whole number/);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^error \[USAGE\]: Unknown command frobnicate\nhint: /);
  });

  it("an unsupported --spark or a bad --matrix exits 2 naming the supported releases, before Docker", async () => {
    const [spark, matrix] = await Promise.all([cli(["run", "--spark", "3.4.1"]), cli(["run", "--matrix", "scala=2.13"])]);
    expect(spark.code).toBe(2);
    expect(spark.stderr).toMatch(/^error \[INVALID_INPUT\]: --spark: spark "3\.4\.1" is not supported; supported: 2\.3\.4, 2\.4\.5, 2\.4\.6, 3\.2\.1, /);
    expect(matrix.code).toBe(2);
    expect(matrix.stderr).toMatch(/^error \[INVALID_INPUT\]: --matrix wants <component>=/);
  });

  it("run --help teaches selections, repeats, flags, exit codes, with examples", async () => {
    const r = await cli(["run", "--help"]);
    expect(r.code).toBe(0);
    for (const part of ["SELECTIONS", "VERSIONS", "--matrix", "@default", "tenancy/", "--repeat", "--keep", "--debug", "EXAMPLES", "EXIT CODES", "130"]) expect(r.stdout).toContain(part);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });
});
