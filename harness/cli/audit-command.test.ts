// `shieldlab audit` spawned for the paths that need no Docker: bad input (exit 2, every problem, no stack) and a
// target file whose "cluster" is a stand-in RM on 127.0.0.1 (exit 1 on a FAIL; JSON, JUnit and HTML written).
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChecks } from "../audit/audit-checks.ts";
import { EXPECTED_POSTURE } from "../audit/expected-posture.ts";
import { confServletXml, renderedAuditInput } from "../audit/rendered-posture.ts";
import { clusterHosts, coreSite, yarnSite } from "../cluster/cluster-config.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import { parseTopology } from "../cluster/topology.ts";
import { fixturesDir, repoRoot } from "../util/paths.ts";
import { postureMismatches, postureRow } from "./audit-command.ts";

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { FORCE_COLOR: _f, NO_COLOR: _n, ...base } = process.env;
  return new Promise((resolve) =>
    execFile(process.execPath, ["bin/shieldlab.js", "audit", ...args], { cwd: repoRoot, env: { ...base, DOCKER_HOST: "unix:///nonexistent/docker.sock" }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );
}

const t = parseTopology({ nodeManagers: 1, tenants: ["alice"] }, "topology");
const conf = confServletXml({ "core-site.xml": coreSite(resolveProfile("plain")), "yarn-site.xml": yarnSite(t, resolveProfile("plain"), clusterHosts("cli-test")) });
let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/conf") return void res.writeHead(200).end(conf);
    if (req.url === "/ws/v1/cluster/info") return void res.writeHead(200).end(JSON.stringify({ clusterInfo: { haState: "ACTIVE", hadoopVersion: "3.4.3" } }));
    if (req.url === "/ws/v1/cluster/nodes") return void res.writeHead(200).end(JSON.stringify({ nodes: { node: [{ nodeHostName: "nm1", nodeHTTPAddress: new URL(base).host, state: "RUNNING" }] } }));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("shieldlab audit (spawned)", { timeout: 90_000 }, () => {
  it("an invalid target file: exit 2, every problem listed, no stack, nothing contacted", async () => {
    const r = await cli(["--target", join(fixturesDir, "target", "bad-identities.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/4 problems/);
    expect(r.stderr).toMatch(/security\.tenants\.bob: tenant bob has no principal and keytab/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("bad flags: exit 2 naming what is allowed", async () => {
    expect(await cli(["--profile", "nope"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--profile must be one of plain, auth/) });
    expect(await cli(["--target", "x.yaml", "--profile", "acls"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/give one of --target, --session or --profile, got --target and --profile/) });
    expect(await cli(["--profile", "acls", "--kerberos", "max"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--kerberos must be one of authentication, integrity, privacy/) });
  });

  it("a target: the table on the console, exit 1 on a FAIL, JSON, JUnit and HTML written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shieldlab-audit-cli-"));
    cpSync(join(fixturesDir, "target"), dir, { recursive: true });
    writeFileSync(join(dir, "t.yaml"), `name: local\nresourceManager: { web: "${base}", rpc: "127.0.0.1:8032" }\nhadoopConfDir: conf\nsecurity: { mode: simple }\ntenants: { alice: { queue: alice } }\nspark: { sparkHome: spark }\n`);
    const r = await cli(["--target", join(dir, "t.yaml"), "--json", join(dir, "out/a.json"), "--junit", join(dir, "out/a.xml"), "--html", join(dir, "out/a.html")]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^posture audit of target local/);
    expect(r.stdout).toMatch(/\d+ pass, \d+ warn, \d+ fail, \d+ unknown\n$/);
    const json = JSON.parse(readFileSync(join(dir, "out/a.json"), "utf8")) as { results: Array<{ id: string; verdict: string }> };
    expect(json.results.find((x) => x.id === "auth")!.verdict).toBe("fail");
    expect(readFileSync(join(dir, "out/a.xml"), "utf8")).toContain('<testcase classname="shieldlab.audit" name="auth">');
    expect(existsSync(join(dir, "out/a.html"))).toBe(true);
  });
});

describe("expected posture comparison (what --profile prints)", () => {
  it("finds the row of a profile and Kerberos level, and lists each verdict that differs", () => {
    expect(postureRow("acls", "privacy")!.label).toBe("acls --kerberos privacy");
    expect(postureRow("acls", "max")).toBeUndefined();
    const row = postureRow("plain")!;
    const results = runChecks(renderedAuditInput(resolveProfile("plain"), { spark: "4.0.5", hadoop: "3.4.3" }));
    expect(postureMismatches(row, results)).toEqual([]);
    expect(postureMismatches(EXPECTED_POSTURE.find((r) => r.label === "acls")!, results)).toEqual([
      expect.stringMatching(/^yarn-acl: expected PASS, got FAIL \(yarn\.acl\.enable = "false"/),
      expect.stringMatching(/^admin-acl: expected PASS, got FAIL/),
      expect.stringMatching(/^queue-acls: expected PASS, got FAIL/),
    ]);
  });
});
