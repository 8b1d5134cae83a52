import { describe, expect, it } from "vitest";
import { validateScenario } from "../scenario/scenario-schema.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";

const standalone = { manager: "standalone", workers: 1, tenants: ["alice", "bob"] };
const base = {
  name: "standalone/x",
  description: "x",
  topology: standalone,
  security: "auth",
  workload: [{ kind: "standalone-attack", id: "outsider", via: "submit" }],
  checkers: { outsider: { kind: "standalone-outcome", step: "outsider", expect: "refused" } },
};
const errorOf = (raw: object): string => thrownHarnessError(() => validateScenario(raw, "scenarios/standalone/x.ts")).message;

describe("standalone scenarios as data", () => {
  it("accepts a standalone step on a standalone topology, naming the nodes it may capture", () => {
    expect(validateScenario({ ...base, capture: { nodes: ["master", "worker-1"] } }, "x").topology.manager).toBe("standalone");
  });

  it("refuses a YARN step on a standalone cluster, and a standalone step on YARN, naming both", () => {
    expect(errorOf({ ...base, workload: [{ kind: "spark-submit", id: "pi", tenant: "alice", job: "pi" }], checkers: { a: { kind: "app-state", state: "FINISHED" } } })).toMatch(/a spark-submit step runs on YARN, and this topology is standalone/);
    expect(errorOf({ ...base, topology: { nodeManagers: 1, tenants: ["alice"] } })).toMatch(/a standalone-attack step runs on a Spark standalone cluster, and this topology is YARN/);
  });

  it("refuses what a standalone cluster does not have: attestation, Kerberos, YARN ACLs, YARN nodes", () => {
    expect(errorOf({ ...base, attestation: {} })).toMatch(/standalone cluster has none/);
    expect(errorOf({ ...base, security: { profile: "auth", kerberos: {} } })).toMatch(/Spark standalone has no Kerberos/);
    expect(errorOf({ ...base, security: "ui-tls" })).toMatch(/uiTls is not supported on a standalone cluster/);
    expect(errorOf({ ...base, capture: { nodes: ["nm-1"] } })).toMatch(/no node "nm-1"; nodes: master, gateway, worker-1/);
  });

  it("a held standalone submit is a target an attack may aim at", () => {
    const s = validateScenario({
      ...base,
      workload: [{ kind: "standalone-submit", id: "driver", tenant: "alice", job: "pi", hold: true }, { kind: "standalone-secret-holder", id: "rogue", target: "driver", actor: "bob" }],
      checkers: { rogue: { kind: "rogue-rpc-outcome", step: "rogue", expect: "accepted" } },
    }, "x");
    expect(s.workload).toHaveLength(2);
    expect(errorOf({ ...base, workload: [{ kind: "standalone-submit", id: "driver", tenant: "alice", job: "pi" }, { kind: "standalone-secret-holder", id: "rogue", target: "driver", actor: "bob" }], checkers: { rogue: { kind: "rogue-rpc-outcome", step: "rogue", expect: "accepted" } } })).toMatch(/must name an earlier background spark-submit step/);
  });
});
