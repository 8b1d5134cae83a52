import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aclMatrixHolds } from "../checkers/acl-matrix-checker.ts";
import { parseHadoopXml, renderHadoopXml } from "../cluster/hadoop-xml.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { runScenario } from "../scenario/scenario-runner.ts";
import { validateScenario } from "../scenario/scenario-schema.ts";
import { RM_CORE_SITE, proxyGrant, proxyGrantProperties, withProperties } from "./proxy-grant-step.ts";

const ORIGINAL = renderHadoopXml(
  [
    ["hadoop.security.authentication", "kerberos"],
    ["hadoop.security.auth_to_local", "RULE:[2:$1@$0](rm@X)s/.*/yarn/\nDEFAULT"],
  ],
  "core-site.xml rendered by shieldlab",
);

describe("proxy grant properties", () => {
  it("adds hadoop.proxyuser.<user>.hosts and .users, keeping every other property (multi-line values too)", () => {
    const xml = withProperties(ORIGINAL, proxyGrantProperties("bob", ["john", "anna"]));
    expect([...parseHadoopXml(xml)]).toEqual([
      ["hadoop.security.authentication", "kerberos"],
      ["hadoop.security.auth_to_local", "RULE:[2:$1@$0](rm@X)s/.*/yarn/\nDEFAULT"],
      ["hadoop.proxyuser.bob.hosts", "*"],
      ["hadoop.proxyuser.bob.users", "john,anna"],
    ]);
  });
});

let runDir: string;
beforeEach(() => {
  runDir = mkdtempSync(join(tmpdir(), "shieldlab-grant-"));
});
afterEach(() => rmSync(runDir, { recursive: true, force: true }));

/** A cluster whose RM keeps core-site.xml in memory and answers rmadmin with `refreshExit(n)` for the n-th refresh. */
function grantCluster(refreshExit: (n: number) => number): { cluster: StartedCluster; file: () => string; writes: string[]; refreshes: () => number } {
  let file = ORIGINAL;
  const writes: string[] = [];
  let refreshes = 0;
  const log = { child: () => log, info: () => undefined, warn: () => undefined };
  const cluster = {
    log,
    profile: resolveProfile("plain"),
    hosts: { prefix: "p", rm: "p-rm.d", gateway: "p-gateway.d" },
    collectLogs: async () => [],
    layer: () => undefined,
    layers: [],
    exec: async (_node: string, cmd: string[], o?: { env?: Record<string, string> }) => {
      if (cmd[0] === "cat" && cmd[1] === RM_CORE_SITE) return { exitCode: 0, stdout: file, stderr: "" };
      if (cmd[2]?.includes(`mv '${RM_CORE_SITE}.tmp' '${RM_CORE_SITE}'`)) {
        file = o!.env!.SHIELDLAB_FILE_TEXT!;
        writes.push(file);
        return { exitCode: 0, stdout: "", stderr: "" };
      }
      if (cmd[2]?.includes("RMAdminCLI") && cmd[2].includes("-refreshSuperUserGroupsConfiguration")) {
        const exitCode = refreshExit(++refreshes);
        return { exitCode, stdout: "", stderr: exitCode === 0 ? "" : "refresh refused" };
      }
      throw new Error(`unexpected command ${cmd.join(" ")}`);
    },
  } as unknown as StartedCluster;
  return { cluster, file: () => file, writes, refreshes: () => refreshes };
}

const scenario = () =>
  validateScenario(
    {
      name: "secure/grant-test",
      description: "d",
      topology: { tenants: ["bob", "john"] },
      workload: [proxyGrant({ user: "bob", users: ["john"] }), { kind: "acl-matrix", id: "matrix", matrix: { submit: {}, kill: [] } }],
      checkers: { matrix: aclMatrixHolds("matrix", true) },
    },
    "x.ts",
  );

describe("proxy-grant step and the runner's undo", () => {
  it("grants, refreshes, and after the workload writes the RM's file back as it was and refreshes again", async () => {
    const c = grantCluster(() => 0);
    const dirty: string[] = [];
    const r = await runScenario(scenario(), c.cluster, { runDir, onClusterDirty: (why) => dirty.push(why) });
    expect(r.verdict).toBe("pass");
    expect(dirty).toEqual([]);
    expect(c.writes).toHaveLength(2);
    expect(parseHadoopXml(c.writes[0]!).get("hadoop.proxyuser.bob.users")).toBe("john");
    expect(c.file()).toBe(ORIGINAL);
    expect(c.refreshes()).toBe(2);
    const ops = JSON.parse(readFileSync(join(runDir, "secure/grant-test", "history.json"), "utf8")) as { f: string; type: string }[];
    expect(ops.map((o) => `${o.f}:${o.type}`)).toEqual(["proxy-grant:invoke", "proxy-grant:ok", "acl-matrix:invoke", "acl-matrix:ok", "undo:invoke", "undo:ok"]);
  });

  it("a grant the RM refused stops the scenario, and the file still goes back", async () => {
    const c = grantCluster((n) => (n === 1 ? 1 : 0));
    const r = await runScenario(scenario(), c.cluster, { runDir });
    expect(r.verdict).toBe("unknown");
    expect(r.error).toMatch(/proxy-grant: yarn rmadmin -refreshSuperUserGroupsConfiguration exited 1/);
    expect(c.file()).toBe(ORIGINAL);
  });

  it("an undo that fails makes the scenario unknown: later scenarios on the cluster would inherit the grant", async () => {
    const c = grantCluster((n) => (n === 2 ? 1 : 0));
    const dirty: string[] = [];
    const r = await runScenario(scenario(), c.cluster, { runDir, onClusterDirty: (why) => dirty.push(why) });
    expect(r.verdict).toBe("unknown");
    expect(dirty).toEqual([expect.stringMatching(/^proxy-grant: the RM's core-site.xml without the grant: /)]);
    expect(r.error).toMatch(/^the cluster could not be put back as it was: proxy-grant: the RM's core-site.xml without the grant: yarn rmadmin/);
  });
});
