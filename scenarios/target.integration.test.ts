// Integration: a YARN cluster the harness did NOT build (fixtures/external-yarn: plain `docker run`, hand-written
// *-site.xml, its own names, ports, network and KDC), once with simple auth and once Kerberized. `run --target` gives
// the builder's verdicts on the scenarios that apply, every other scenario is unknown with its reason, `audit
// --target` reads what the hand-written config says, and the RM's /conf is the same before and after.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfDump } from "../harness/audit/conf-dump.ts";
import type { AuditReport } from "../harness/audit/audit-result.ts";
import { reap } from "../harness/engine/reaper.ts";
import type { RunResults } from "../harness/report/results-model.ts";
import { artifactsDir, repoRoot } from "../harness/util/paths.ts";
import { leftovers } from "./leftovers.ts";

const fixture = join(repoRoot, "fixtures", "external-yarn");
const cli = (args: string[]) => execa("node", ["bin/shieldlab.js", ...args], { cwd: repoRoot, reject: false, all: true, env: { CI: "true", NO_COLOR: "1" } });
const sh = (script: string, args: string[]) => execa("bash", [join(fixture, script), ...args], { cwd: repoRoot, reject: false, all: true });
const latest = (): RunResults => JSON.parse(readFileSync(join(artifactsDir, "latest", "results.json"), "utf8")) as RunResults;
/** Every area: the whole catalogue, so that what does not apply shows up as unknown with its reason. */
const EVERY_AREA = ["cluster/", "tenancy/", "secure/", "wire/", "cve/", "attestation/", "standalone/"];

/** The RM's running configuration as the fixture's own RM sees it (Kerberized: the RM's keytab, SPNEGO on its host). */
async function rmConf(mode: "simple" | "kerberos"): Promise<Map<string, string>> {
  const get =
    mode === "simple"
      ? "curl -sSf http://yarn-master.ext.test:18088/conf"
      : "export KRB5CCNAME=FILE:/tmp/conf-check.cc; kinit -kt /etc/security/keytab/node.keytab rm/yarn-master.ext.test@EXT.TEST && curl -sSf --negotiate -u : http://yarn-master.ext.test:18088/conf";
  const r = await execa("docker", ["exec", "yarn-master", "bash", "-c", get], { reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
  return new Map([...parseConfDump(r.stdout, "the fixture RM's /conf")].map(([k, e]) => [k, e.value]));
}

/** The scenarios each mode compares with the builder's cluster (they apply to the fixture: client and container level). */
const COMPARED = {
  simple: ["tenancy/ten-rogue-executor", "tenancy/ten-rogue-executor-control", "tenancy/ten-kill-foreign-control"],
  // the RM's own lines come from its /logs/ servlet (the fixture's daemons log to a file, as packaged clusters do)
  kerberos: ["secure/krb-no-ticket", "secure/krb-no-ticket-control", "secure/krb-proxy-user", "secure/krb-expired-ticket-control"],
} as const;

describe.sequential("a YARN cluster the harness did not build", () => {
  afterAll(async () => {
    await sh("stop.sh", []);
    await reap({ keepLiveOwners: true });
  });

  for (const mode of ["simple", "kerberos"] as const) {
    it(`${mode}: run --target as on the builder's cluster where it applies, unknown with a reason elsewhere; audit matches the hand-written config; /conf unchanged`, async () => {
      const up = await sh("start.sh", [mode]);
      expect(up.exitCode, up.all).toBe(0);
      const target = join(fixture, `target-${mode}.yaml`);
      try {
        const before = await rmConf(mode);

        // the builder's verdicts first (its own cluster, its own run)
        const built = await cli(["run", ...COMPARED[mode]]);
        const builder = Object.fromEntries(latest().scenarios.map((s) => [s.name, s.verdict]));
        for (const name of COMPARED[mode]) expect(builder[name], `${name} on the builder's cluster\n${built.all?.split("\n").slice(-30).join("\n")}`).toBeDefined();

        const run = await cli(["run", "--target", target, ...EVERY_AREA]);
        const results = latest();
        const output = (run.all ?? "").split("\n").slice(-40).join("\n");
        expect(results.versions.target, output).toBe(`ext-${mode}`);
        const rows = Object.fromEntries(results.scenarios.map((s) => [s.name, s]));
        for (const name of COMPARED[mode]) expect({ name, verdict: rows[name]?.verdict, error: rows[name]?.error }, output).toEqual({ name, verdict: builder[name], error: undefined });
        // what did not run says why; nothing is silently missing
        for (const s of results.scenarios) if (s.error?.startsWith("not run:")) expect(s.verdict).toBe("unknown");
        const why = (name: string) => rows[name]?.error ?? "";
        expect(why("attestation/att-device-key-theft")).toMatch(/^not run: needs node access — /);
        expect(why("tenancy/ten-container-snoop")).toMatch(/^not run: needs node access — /);
        // cluster mode's driver output is in the AM's container log, on a NodeManager the harness cannot read: unknown, never a pass
        expect(rows["cluster/pi-deploy-modes"]?.verdict).toBe("unknown");
        expect(why("standalone/sa-open-master")).toMatch(/^not run: standalone scenario/);
        if (mode === "simple") expect(why("secure/krb-no-ticket")).toMatch(/^not run: needs a Kerberized target/);
        else expect(why("cluster/pi-deploy-modes")).toMatch(/^not run: the target's cluster is not the scenario's — the scenario's cluster uses simple authentication/);
        expect(why("tenancy/ten-kill-foreign")).toMatch(/yarn\.acl\.enable: the scenario wants true, the target has false/);

        // the audit reads the hand-written config: auth simple/kerberos, ACLs off, DefaultContainerExecutor
        const json = join(artifactsDir, `audit-ext-${mode}.json`);
        const audit = await cli(["audit", "--target", target, "--json", json]);
        const report = JSON.parse(readFileSync(json, "utf8")) as AuditReport;
        const verdict = (id: string) => report.results.find((r) => r.id === id);
        expect(verdict("auth"), audit.all).toMatchObject(mode === "simple" ? { verdict: "fail", value: expect.stringContaining("simple") } : { verdict: "pass", value: expect.stringContaining("kerberos") });
        expect(verdict("yarn-acl")).toMatchObject({ verdict: "fail", value: expect.stringContaining("false") });
        expect(verdict("container-executor")).toMatchObject({ verdict: "fail", value: expect.stringContaining("DefaultContainerExecutor") });
        expect(verdict("web-auth")).toMatchObject({ verdict: mode === "simple" ? expect.stringMatching(/fail|warn/) : "pass" });
        expect(verdict("rpc-protection")).toMatchObject({ verdict: "fail" });
        expect(report.clusterInfo?.resourceManagerVersion, audit.all).toBeTruthy();

        // nothing on the target changed
        expect(await rmConf(mode)).toEqual(before);
      } finally {
        const down = await sh("stop.sh", []);
        expect(down.exitCode, down.all).toBe(0);
      }
      expect(await leftovers()).toEqual({ containers: [], networks: [] });
    });
  }
});
