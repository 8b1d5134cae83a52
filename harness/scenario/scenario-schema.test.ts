import { describe, expect, it } from "vitest";
import { appState } from "../checkers/app-state-checker.ts";
import { piWithin } from "../checkers/pi-estimate-checker.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import { validateScenario, type ScenarioInput } from "./scenario-schema.ts";
import { longPi, rmKill, sparkPi, tamperFile, verifierOutage } from "../index.ts";
import { appReportRead } from "../steps/app-report-read-step.ts";
import { appraisals, executorLog } from "../checkers/attestation-checkers.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";

function valid(): ScenarioInput {
  return {
    name: "cluster/pi-test",
    description: "Pi as alice and bob",
    topology: { nodeManagers: 1, tenants: ["alice", "bob"] },
    security: { profile: "auth", ioEncryption: true },
    workload: [sparkPi({ tenant: "alice" }), sparkPi({ tenant: "bob", id: "pi-bob", deployMode: "cluster" })],
    checkers: { app: appState("FINISHED", "SUCCEEDED"), estimate: piWithin(0.01, ["pi-client"]) },
  };
}

const errorOf = (raw: unknown): Error => thrownHarnessError(() => validateScenario(raw, "scenarios/cluster/pi-test.ts"));

describe("validateScenario", () => {
  it("accepts a valid scenario and resolves its topology, profile and defaults", () => {
    const s = validateScenario(valid(), "x.ts");
    expect(s.name).toBe("cluster/pi-test");
    expect(s.suites).toEqual(["default"]);
    expect(s.topology.nodeManagers).toBe(1);
    expect(s.topology.tenants).toEqual(["alice", "bob"]);
    expect(s.profile.name).toBe("auth+ioEncryption");
    expect(s.profile.sparkAuth).toBe(true);
    expect(s.workload.map((w) => (w.kind === "spark-submit" ? [w.id, w.deployMode, w.timeoutSeconds] : [w.id]))).toEqual([
      ["pi-client", "client", 300],
      ["pi-bob", "cluster", 300],
    ]);
  });

  it("defaults the topology and the security profile", () => {
    const { topology: _t, security: _s, ...rest } = valid();
    const s = validateScenario({ ...rest, workload: [sparkPi({ tenant: "alice" })] }, "x.ts");
    expect(s.topology.tenants).toEqual(["alice"]);
    expect(s.profile.name).toBe("plain");
  });

  it("rejects a step whose tenant is not in the topology, naming workload.N.tenant and the allowed tenants", () => {
    const raw = { ...valid(), workload: [sparkPi({ tenant: "alice" }), sparkPi({ tenant: "eva", id: "pi-eva" })] };
    const e = errorOf(raw);
    expect(isHarnessError(e, "SCENARIO_LOAD_FAILED")).toBe(true);
    expect(e.message).toContain("scenarios/cluster/pi-test.ts: workload.1.tenant");
    expect(e.message).toContain('"eva" is not a tenant of the topology; allowed: alice, bob');
  });

  it("names workload.0.tenant for the first step", () => {
    const e = errorOf({ ...valid(), topology: { tenants: ["bob"] }, checkers: { app: appState("FINISHED") } });
    expect(e.message).toContain("workload.0.tenant");
    expect(e.message).toContain("allowed: bob");
  });

  it("rejects duplicate step ids", () => {
    const raw = { ...valid(), workload: [sparkPi({ tenant: "alice" }), sparkPi({ tenant: "bob" })] };
    const e = errorOf(raw);
    expect(e.message).toContain("workload.1.id: step id pi-client is used twice");
  });

  it("rejects a checker naming an unknown step and lists the steps", () => {
    const e = errorOf({ ...valid(), checkers: { estimate: piWithin(0.01, ["pi-nope"]) } });
    expect(e.message).toContain('checkers.estimate.steps: no workload step "pi-nope"; steps: pi-client, pi-bob');
  });

  it("rejects an unknown checker kind and lists the kinds", () => {
    const e = errorOf({ ...valid(), checkers: { magic: { kind: "crystal-ball" } } });
    expect(isHarnessError(e, "SCENARIO_LOAD_FAILED")).toBe(true);
    expect(e.message).toContain("checkers.magic.kind");
    expect(e.message).toContain("app-state");
    expect(e.message).toContain("pi-estimate");
    expect(e.message).toContain("driver-output");
  });

  it("rejects a scenario without checkers", () => {
    expect(errorOf({ ...valid(), checkers: {} }).message).toContain("checkers: at least one checker");
  });

  it("rejects an empty workload", () => {
    expect(errorOf({ ...valid(), workload: [] }).message).toContain("workload:");
  });

  it("rejects an unknown job with the allowed jobs and what it got", () => {
    const e = errorOf({ ...valid(), workload: [{ kind: "spark-submit", id: "wc", tenant: "alice", job: "wordcount" }] });
    expect(e.message).toContain('workload.0.job: must be one of "pi", "shuffle", "sealed", got "wordcount"');
  });

  it("rejects a name that is not <area>/<id>", () => {
    expect(errorOf({ ...valid(), name: "pi-test" }).message).toContain("name: <area>/<id>, lower-case");
  });

  it("rejects an unknown top-level key", () => {
    expect(errorOf({ ...valid(), timeout: 5 }).message).toContain('unknown key(s) "timeout"');
  });

  it("rejects an unknown security profile and lists the profiles", () => {
    const e = errorOf({ ...valid(), security: "fortknox" });
    expect(e.message).toContain("security");
    expect(e.message).toContain('"auth-gcm"');
    expect(e.message).toContain('got "fortknox"');
  });

  it("rejects a bad topology, naming the file and the key", () => {
    const e = errorOf({ ...valid(), topology: { nodeManagers: 0, tenants: ["alice", "bob"] } });
    expect(isHarnessError(e, "SCENARIO_LOAD_FAILED")).toBe(true);
    expect(e.message).toContain("scenarios/cluster/pi-test.ts: topology.nodeManagers");
  });

  it("rejects a bad security combination, naming the file", () => {
    const e = errorOf({ ...valid(), security: { profile: "plain", networkCrypto: "aes-ctr" } });
    expect(e.message).toContain("scenarios/cluster/pi-test.ts: security");
    expect(e.message).toContain("needs sparkAuth");
  });
});

describe("validateScenario: every problem at once", () => {
  it("lists every zod problem with its key path, not only the first", () => {
    const e = errorOf({ ...valid(), name: "Bad Name", timeout: 5, workload: [{ kind: "spark-submit", id: "wc", tenant: "alice", job: "wordcount" }] });
    expect(e.message).toMatch(/^scenarios\/cluster\/pi-test\.ts: 3 problems:\n/);
    expect(e.message).toContain("\n  - name: <area>/<id>, lower-case");
    expect(e.message).toContain('\n  - (root): unknown key(s) "timeout"');
    expect(e.message).toContain('\n  - workload.0.job: must be one of "pi", "shuffle", "sealed", got "wordcount"');
  });

  it("lists every cross-field problem, not only the first", () => {
    const raw = {
      ...valid(),
      workload: [sparkPi({ tenant: "eva" }), sparkPi({ tenant: "bob" })],
      checkers: { estimate: piWithin(0.01, ["pi-nope"]), a: appraisals("pi-client", "none") },
    };
    const lines = errorOf(raw).message.split("\n");
    expect(lines[0]).toBe("scenarios/cluster/pi-test.ts: 4 problems:");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^  - workload\.0\.tenant: "eva" is not a tenant/),
      "  - workload.1.id: step id pi-client is used twice",
      expect.stringMatching(/^  - checkers\.estimate\.steps: no workload step "pi-nope"/),
      expect.stringMatching(/^  - checkers\.a: a attestation-appraisals checker needs the scenario's attestation block/),
    ]);
  });

  it("reports a bad topology and a bad security block together", () => {
    const e = errorOf({ ...valid(), topology: { nodeManagers: 0 }, security: { profile: "plain", networkCrypto: "aes-ctr" } });
    expect(e.message).toContain("2 problems:");
    expect(e.message).toContain("  - topology.nodeManagers");
    expect(e.message).toContain("needs sparkAuth");
  });
});

describe("validateScenario: attestation", () => {
  const attested = (over: Partial<ScenarioInput> = {}): ScenarioInput => ({ ...valid(), attestation: {}, ...over });

  it("fills the seed's IMA rule and an untouched verifier policy", () => {
    const s = validateScenario(attested({ workload: [tamperFile({ node: "nm-1" }), sparkPi({ tenant: "alice" })] }), "x.ts");
    expect(s.attestation).toEqual({ flavour: "cca", deviceLayout: "sidecar", imaPolicy: "measure func=FILE_CHECK mask=MAY_READ fowner=1001", verifier: { disable: [], endorseForeignPlatform: false, omitRim: false, extraRims: [] } });
  });

  it("refuses attestation steps and checkers without the attestation block, naming them", () => {
    expect(errorOf({ ...valid(), workload: [verifierOutage(), sparkPi({ tenant: "alice" })] }).message).toMatch(/workload\.0: a verifier-outage step needs the scenario's attestation block/);
    expect(errorOf({ ...valid(), checkers: { a: appraisals("pi-client", "none") } }).message).toMatch(/checkers\.a: a attestation-appraisals checker needs the scenario's attestation block/);
  });

  it("refuses a node the topology does not have, an unknown fault and an unknown verifier check", () => {
    expect(errorOf(attested({ workload: [tamperFile({ node: "nm-2" }), sparkPi({ tenant: "alice" })] })).message).toMatch(/workload\.0\.node: no nm-2; the topology's nodes: rm, gateway, nm-1/);
    expect(errorOf(attested({ workload: [{ kind: "attest-fault", id: "f", node: "nm-1", faults: { meltdown: true } } as never, sparkPi({ tenant: "alice" })] })).message).toMatch(/faults/);
    expect(errorOf(attested({ attestation: { verifier: { disable: ["everything" as never] } } })).message).toMatch(/attestation\.verifier\.disable\.0/);
  });

  it("refuses an executor-log pattern that is not a JavaScript regular expression", () => {
    expect(errorOf(attested({ checkers: { w: executorLog("pi-client", "(?i)fail", "present") } })).message).toMatch(/regular expression/);
  });
});

describe("validateScenario: what each step names (its module's refs)", () => {
  const tenancy = (workload: unknown[]): unknown => ({ ...valid(), topology: { nodeManagers: 1, tenants: ["john", "tim"] }, workload, checkers: { app: appState("FINISHED") } });

  it("accepts an attack aimed at an earlier background submit", () => {
    const s = validateScenario(tenancy([longPi({ id: "john-pi", tenant: "john" }), appReportRead({ reader: "tim", target: "john-pi" })]), "x.ts");
    expect(s.workload.map((w) => w.kind)).toEqual(["spark-submit", "app-report-read"]);
  });

  it("refuses a target that is later, missing, or not in the background", () => {
    const msg = /workload\.\d\.target: "john-pi" must name an earlier background spark-submit step/;
    expect(errorOf(tenancy([appReportRead({ reader: "tim", target: "john-pi" }), longPi({ id: "john-pi", tenant: "john" })])).message).toMatch(msg);
    expect(errorOf(tenancy([rmKill({ actor: "tim", target: "john-pi" })])).message).toMatch(msg);
    expect(errorOf(tenancy([sparkPi({ id: "john-pi", tenant: "john" }), rmKill({ actor: "tim", target: "john-pi" })])).message).toMatch(msg);
  });

  it("refuses a reader or actor who is not a tenant, naming the step's own key", () => {
    expect(errorOf(tenancy([longPi({ id: "john-pi", tenant: "john" }), appReportRead({ reader: "eve", target: "john-pi" })])).message).toMatch(/workload\.1\.reader: "eve" is not a tenant/);
    expect(errorOf(tenancy([longPi({ id: "john-pi", tenant: "john" }), rmKill({ actor: "tim", asUser: "root", target: "john-pi" })])).message).toMatch(/workload\.1\.asUser: "root" is not a tenant/);
  });

  it("holds only a background Pi job", () => {
    expect(errorOf(tenancy([{ ...sparkPi({ tenant: "john" }), hold: true }])).message).toMatch(/workload\.0\.hold: only a background Pi job can be held/);
    expect(validateScenario(tenancy([longPi({ tenant: "john" })]), "x.ts").workload[0]).toMatchObject({ hold: true, background: true });
  });
});

describe("validateScenario: versions", () => {
  it("accepts a pin by exact release or by line", () => {
    expect(validateScenario({ ...valid(), versions: { spark: "3.2.1" } }, "x.ts").versions).toEqual({ spark: "3.2.1" });
    expect(validateScenario({ ...valid(), versions: { spark: "3.5.x", hadoop: "3.3.6" } }, "x.ts").versions).toEqual({ spark: "3.5.x", hadoop: "3.3.6" });
  });

  it("rejects an unlisted release, naming the key and the supported ones", () => {
    const e = errorOf({ ...valid(), versions: { spark: "3.4.1" } });
    expect(e.message).toContain("versions.spark: spark \"3.4.1\" is not supported; supported: 2.3.4, 2.4.5, 2.4.6, 3.2.1, 3.2.2,");
  });

  it("rejects an unknown component", () => {
    expect(errorOf({ ...valid(), versions: { scala: "2.13" } }).message).toMatch(/versions.*scala/);
  });
});

describe("secure-mode combinations refused at load", () => {
  it("names a proxy-user grant for someone who is not a tenant, and a Kerberos step on a simple-auth cluster", () => {
    const base = { name: "secure/x", description: "x", topology: { nodeManagers: 1, tenants: ["alice", "bob"] }, checkers: { app: appState("FINISHED") } };
    expect(() =>
      validateScenario({ ...base, security: { profile: "plain", kerberos: { proxyUsers: { bob: ["john"] } } }, workload: [{ kind: "spark-submit", id: "p", tenant: "bob", job: "pi" }] }, "x.ts"),
    ).toThrow(/security\.kerberos\.proxyUsers\.bob\.0: "john" is not a tenant of the topology/);
    expect(() => validateScenario({ ...base, security: "plain", workload: [{ kind: "kdc-outage", id: "k" }] }, "x.ts")).toThrow(/a kdc-outage step needs a Kerberized cluster: security: \{ profile: "plain", kerberos: \{\} \}/);
  });
});
