// Which scenarios run on a target, and the one reason each other one reports (checked on the real scenario files).
import { describe, expect, it } from "vitest";
import { loadManifest } from "../images/manifest.ts";
import type { TargetFacts } from "../target/target-facts.ts";
import { loadScenarios } from "./scenario-loader.ts";
import { aclUsers, targetFit } from "./target-fit.ts";

const T = loadManifest().tenants.users;
const queues = Object.fromEntries(T.map((t) => [t, { submit: t, administer: t }]));
const gateway = loadManifest().defaultPair;
const simple: TargetFacts = { capabilities: { container: true, node: false, kerberos: false }, tenants: T, runningNodeManagers: 2, yarnAcls: false, proxyUsers: {}, queues, gateway };
const kerberized: TargetFacts = { ...simple, capabilities: { ...simple.capabilities, kerberos: true }, rpcProtection: ["authentication"], spnego: true };
const { scenarios } = await loadScenarios();
const byName = (n: string) => scenarios.find((s) => s.name === n)!;

describe("targetFit", () => {
  it("runs the client- and container-level scenarios whose cluster is the target's", () => {
    expect(targetFit(byName("cluster/pi-deploy-modes"), simple, { allowDestructive: false })).toEqual({ ok: true });
    expect(targetFit(byName("tenancy/ten-rogue-executor"), simple, { allowDestructive: false })).toEqual({ ok: true });
    // it runs a YARN container, but reads what the container saw with exec on the NodeManager
    expect(targetFit(byName("tenancy/ten-container-snoop"), simple, { allowDestructive: false })).toMatchObject({ ok: false, reason: "not run: needs node access" });
  });

  it("gives every scenario it does not run a reason that starts 'not run:'", () => {
    for (const facts of [simple, kerberized]) {
      for (const s of scenarios) {
        const f = targetFit(s, facts, { allowDestructive: false });
        if (!f.ok) expect(f.reason).toMatch(/^not run: /);
      }
    }
  });

  it("needs node access for capture, attestation and node-level steps", () => {
    const withCapture = scenarios.find((s) => s.capture && s.topology.manager === "yarn")!;
    expect(targetFit(withCapture, simple, { allowDestructive: true })).toMatchObject({ ok: false, reason: "not run: needs node access" });
  });

  it("does not run a standalone scenario, a Kerberos scenario on a simple target, or a simple one on a Kerberized target", () => {
    const standalone = scenarios.find((s) => s.topology.manager === "standalone")!;
    expect(targetFit(standalone, simple, { allowDestructive: true })).toMatchObject({ ok: false, reason: "not run: standalone scenario (the target is a YARN cluster)" });
    expect(targetFit(byName("secure/krb-no-ticket"), simple, { allowDestructive: true })).toMatchObject({ ok: false, reason: "not run: needs a Kerberized target" });
    const r = targetFit(byName("cluster/pi-deploy-modes"), kerberized, { allowDestructive: true });
    expect(r).toMatchObject({ ok: false, reason: "not run: the target's cluster is not the scenario's" });
    expect(!r.ok && r.detail).toMatch(/simple authentication; the target is Kerberized/);
  });

  it("compares YARN ACLs, queue ACLs, NodeManagers and pinned releases with the target's", () => {
    const acl = targetFit(byName("tenancy/ten-kill-foreign"), simple, { allowDestructive: false });
    expect(!acl.ok && acl.detail).toMatch(/yarn\.acl\.enable: the scenario wants true, the target has false/);
    const queuesDiffer = targetFit(byName("tenancy/ten-kill-foreign"), { ...simple, yarnAcls: true }, { allowDestructive: false });
    expect(!queuesDiffer.ok && queuesDiffer.detail).toMatch(/queue \w+: not a queue of the target/);
    const one = targetFit(byName("cluster/pi-deploy-modes"), { ...simple, runningNodeManagers: 1 }, { allowDestructive: false });
    expect(!one.ok && one.detail).toMatch(/needs 2 NodeManagers; the target has 1 RUNNING/);
    const pinned = byName("cve/cve-2025-55039-spark-3-5");
    const p = targetFit(pinned, { ...simple, gateway: { spark: "0.0.0", hadoop: gateway.hadoop } }, { allowDestructive: false });
    expect(!p.ok && p.detail).toMatch(/versions\.spark: the scenario pins .*; the gateway runs 0\.0\.0/);
  });

  it("lists a missing tenant, and a destructive step only after everything else fits", () => {
    expect(targetFit(byName("cluster/pi-deploy-modes"), { ...simple, tenants: ["bob"] }, { allowDestructive: false })).toMatchObject({ ok: false, reason: "not run: the target has no such tenant" });
    const expired = byName("secure/krb-expired-ticket");
    const facts = { ...kerberized, yarnAcls: expired.profile.yarnAcls, proxyUsers: expired.profile.kerberos?.proxyUsers ?? {} };
    expect(targetFit(expired, facts, { allowDestructive: false })).toMatchObject({ ok: false, reason: "not run: destructive (use --allow-destructive)" });
    expect(targetFit(expired, facts, { allowDestructive: true })).toEqual({ ok: true });
  });

  it("reads YARN ACLs as sets of users", () => {
    expect(aclUsers(undefined)).toEqual(["*"]);
    expect(aclUsers(" ")).toEqual([]);
    expect(aclUsers("bob,alice")).toEqual(["alice", "bob"]);
    expect(aclUsers("alice ops")).toEqual(["alice", "group:ops"]);
    expect(aclUsers(["bob", "alice"])).toEqual(["alice", "bob"]);
  });
});
