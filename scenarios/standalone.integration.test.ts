// Integration: Spark standalone clusters (seed 002's world). The @standalone suite through the CLI — the CVE replays
// on Spark 2.x (Java 8 images built here the first time), the open master and its twin, 4.1's REST default and its
// JWSFilter twin, the master UI's kill (with ACLs, and behind JWSFilter) — and a
// standalone cluster a user starts by hand: up, submit, status, down.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { reap } from "../harness/engine/reaper.ts";
import type { RunResults } from "../harness/report/results-model.ts";
import { artifactsDir, repoRoot } from "../harness/util/paths.ts";
import { leftovers } from "./leftovers.ts";

const cli = (args: string[]) => execa("node", ["bin/shieldlab.js", ...args], { cwd: repoRoot, reject: false, all: true, env: { CI: "true", NO_COLOR: "1" } });

describe("Spark standalone", () => {
  afterAll(async () => {
    await reap({ keepLiveOwners: true });
  });

  it("@standalone: each replay is vulnerable on its old release and refused on the fixed one, by the daemons' own words", async () => {
    const r = await cli(["run", "@standalone"]);
    const results = JSON.parse(readFileSync(join(artifactsDir, "latest", "results.json"), "utf8")) as RunResults;
    const output = (r.all ?? "").split("\n").slice(-40).join("\n");
    expect(results.scenarios.map((s) => s.name).sort(), output).toEqual(expect.arrayContaining(["cve/cve-2020-9480", "cve/cve-2020-9480-fixed", "cve/cve-2018-11770", "cve/cve-2018-11770-fixed", "standalone/sa-open-master", "standalone/sa-open-master-auth", "standalone/sa-rest-default", "standalone/sa-rest-jws", "standalone/sa-rest-jws-control", "standalone/sa-ui-kill", "standalone/sa-ui-kill-acls", "standalone/sa-ui-kill-jws", "standalone/sa-ui-kill-jws-control"]));
    for (const s of results.scenarios) expect({ name: s.name, verdict: s.verdict, error: s.error }).toEqual({ name: s.name, verdict: "pass", error: undefined });
    const message = (name: string): string => results.scenarios.find((s) => s.name === name)!.checks.map((c) => c.message).join(" ");
    expect(message("cve/cve-2020-9480")).toMatch(/Registering app shieldlab-rogue-|Registered app shieldlab-rogue-/);
    expect(message("cve/cve-2020-9480-fixed")).toContain("Unauthenticated call to receive()");
    expect(message("cve/cve-2018-11770-fixed")).toContain("RestSubmissionServer does not support authentication");
    expect(message("standalone/sa-open-master-auth")).toContain("Expected SaslMessage");
    expect(message("standalone/sa-rest-jws")).toContain("Authorization header is missing.");
    expect(message("standalone/sa-ui-kill-acls")).toMatch(/killed: .*Removing app app-/);
    expect(message("standalone/sa-ui-kill-jws")).toMatch(/refused: .*HTTP 403: Authorization header is missing\..*still lists the app RUNNING/);
    expect(results.scenarios.find((s) => s.name === "cve/cve-2020-9480")!.versions?.spark).toBe("2.4.5");
    expect(r.exitCode, output).toBe(0);
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });

  it("up --topology standalone starts a cluster a tenant submits to, and status shows its master, workers and apps", async () => {
    const up = await cli(["up", "--topology", "standalone", "--workers", "2", "--profile", "auth"]);
    expect(up.exitCode, up.all).toBe(0);
    expect(up.all).toMatch(/standalone cluster up .* Spark 4\.0\.5/);
    try {
      const submit = await cli(["submit", "--tenant", "alice", "--job", "pi"]);
      expect(submit.exitCode, submit.all).toBe(0);
      expect(submit.all).toMatch(/Pi is roughly 3\.1/);
      const status = await cli(["status"]);
      expect(status.all).toMatch(/ALIVE, 2\/2 workers ALIVE/);
      expect(status.all).toMatch(/app-\d{14}-\d{4} alice +FINISHED/);
      // the cluster's one secret is never printed
      expect(`${up.all}${submit.all}${status.all}`).not.toMatch(/spark\.authenticate\.secret\s+\S{16,}/);
    } finally {
      await cli(["down"]);
    }
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });
});
