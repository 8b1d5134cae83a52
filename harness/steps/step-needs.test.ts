import { describe, expect, it } from "vitest";
import { loadScenarios } from "../scenario/scenario-loader.ts";
import { STEPS, WorkloadStepSchema } from "./step-registry.ts";
import { canRunOn, STEP_NEEDS, stepNeeds, type TargetCapabilities } from "./step-needs.ts";

const FULL: TargetCapabilities = { container: true, node: true, kerberos: true };
const CLIENT_ONLY: TargetCapabilities = { container: true, node: false, kerberos: false };
const step = (s: unknown) => WorkloadStepSchema.parse(s);
const pi = step({ kind: "spark-submit", id: "pi", tenant: "alice", job: "pi" });

describe("step needs", () => {
  it("every registered step kind declares what it needs (add a line to STEP_NEEDS with a new kind), and no declaration is stale", () => {
    const kinds = STEPS.map((m) => m.kind).sort();
    expect(Object.keys(STEP_NEEDS).sort()).toEqual(kinds);
    for (const k of kinds) {
      const d = STEP_NEEDS[k as keyof typeof STEP_NEEDS];
      expect(typeof d === "function" || ["client", "container", "node"].includes(d.need), k).toBe(true);
    }
  });

  it("a step's needs may depend on its fields: kinit alone is harmless, capping the ticket life changes the KDC", () => {
    expect(stepNeeds(step({ kind: "kerberos-login", id: "k", tenant: "alice" }))).toMatchObject({ need: "client", destructive: false });
    expect(stepNeeds(step({ kind: "kerberos-login", id: "k", tenant: "alice", ticketLife: "1 minute" }))).toMatchObject({ need: "client", destructive: true });
  });

  it("a rogue client with its own secret is a client; one that steals the victim's secret reads a NodeManager's disk", () => {
    expect(stepNeeds(step({ kind: "rogue-rpc", id: "r", target: "pi", secret: "own" }))).toMatchObject({ need: "client" });
    expect(stepNeeds(step({ kind: "rogue-rpc", id: "r", target: "pi", secret: "stolen", actor: "bob" }))).toMatchObject({ need: "node" });
  });

  it("a client-only scenario runs on a target without node access", () => {
    expect(canRunOn({ workload: [pi, step({ kind: "rm-kill", id: "kill", actor: "bob", asUser: "bob", target: "pi" })] }, CLIENT_ONLY, { allowDestructive: false })).toEqual({ ok: true });
  });

  it("a node-level step, a capture or the attestation layer needs node access, whatever --allow-destructive says", () => {
    const tamper = step({ kind: "tamper-file", id: "t", node: "nm-1", path: "/opt/spark/jars/x.jar" });
    const r = canRunOn({ workload: [pi, tamper] }, CLIENT_ONLY, { allowDestructive: true });
    expect(r).toEqual({ ok: false, reason: "not run: needs node access", detail: expect.stringMatching(/^tamper-file step t: changes a file/) });
    expect(canRunOn({ workload: [pi], capture: { nodes: ["nm-1"] } }, CLIENT_ONLY, { allowDestructive: true })).toMatchObject({ reason: "not run: needs node access", detail: expect.stringMatching(/^capture/) });
    expect(canRunOn({ workload: [pi], attestation: {} }, CLIENT_ONLY, { allowDestructive: true })).toMatchObject({ reason: "not run: needs node access", detail: expect.stringMatching(/^attestation/) });
  });

  it("a step that runs a YARN container but reads its outcome on the NodeManager needs node access", () => {
    // seen on the external fixture: container-snoop reads with exec on the NodeManager, which a target does not give
    const snoop = step({ kind: "container-snoop", id: "s", attacker: "bob", victim: "alice" });
    expect(canRunOn({ workload: [snoop] }, CLIENT_ONLY, { allowDestructive: false })).toMatchObject({ ok: false, reason: "not run: needs node access" });
    expect(canRunOn({ workload: [snoop] }, FULL, { allowDestructive: false })).toEqual({ ok: true });
  });

  it("a destructive step runs only with --allow-destructive", () => {
    const s = { workload: [pi, step({ kind: "kdc-outage", id: "kdc" })], profile: { kerberos: {} } };
    expect(canRunOn(s, FULL, { allowDestructive: false })).toEqual({ ok: false, reason: "not run: destructive (use --allow-destructive)", detail: expect.stringMatching(/^kdc-outage step kdc: stops the KDC/) });
    expect(canRunOn(s, FULL, { allowDestructive: true })).toEqual({ ok: true });
  });

  it("a Kerberized scenario needs a Kerberized target", () => {
    expect(canRunOn({ workload: [pi], profile: { kerberos: {} } }, CLIENT_ONLY, { allowDestructive: true })).toMatchObject({ reason: "not run: needs a Kerberized target" });
  });

  it("every scenario the harness has runs on a cluster that gives everything (with --allow-destructive); without node access some do not", async () => {
    const loaded = await loadScenarios();
    expect(loaded.failures).toEqual([]);
    for (const s of loaded.scenarios) expect(canRunOn(s, FULL, { allowDestructive: true }), s.name).toEqual({ ok: true });
    const clientOnly = loaded.scenarios.filter((s) => canRunOn(s, { ...FULL, node: false }, { allowDestructive: false }).ok);
    expect(clientOnly.length).toBeGreaterThan(0);
    expect(clientOnly.length).toBeLessThan(loaded.scenarios.length);
  });
});
