import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { effectiveQueues, nodeManagerNames, nodeNamesOf, parseTopology, workerNames } from "./topology.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";

const users = ["alice", "bob", "john", "tim", "anna", "eva"];

/** The HarnessError a call throws (fails the test when it does not throw one). */
const errorOf = (fn: () => unknown): Error & { code?: string } => thrownHarnessError(fn);

describe("parseTopology", () => {
  it("defaults to 2 NodeManagers of 3072 MB / 4 vcores and tenant alice", () => {
    const t = parseTopology({}, "topology", users);
    expect(t.nodeManagers).toBe(2);
    expect(t.tenants).toEqual(["alice"]);
    expect(t.nodeManager).toEqual({ memoryMb: 3072, vcores: 4 });
    expect(t.queues).toBeUndefined();
    expect(nodeManagerNames(t)).toEqual(["nm-1", "nm-2"]);
  });

  it("treats undefined input like an empty object", () => {
    expect(parseTopology(undefined, "topology", users)).toEqual(parseTopology({}, "topology", users));
  });

  it("rejects nodeManagers: 0 naming topology.nodeManagers", () => {
    const e = errorOf(() => parseTopology({ nodeManagers: 0 }, "topology", users));
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect(e.message).toContain("topology.nodeManagers");
  });

  it("rejects a non-integer NodeManager count and too many NodeManagers", () => {
    expect(() => parseTopology({ nodeManagers: 1.5 }, "topology", users)).toThrow(/topology\.nodeManagers/);
    expect(() => parseTopology({ nodeManagers: 7 }, "topology", users)).toThrow(/topology\.nodeManagers/);
  });

  it("uses the `where` label as the key prefix", () => {
    expect(() => parseTopology({ nodeManagers: 0 }, "scenarios/x.ts: topology", users)).toThrow(/scenarios\/x\.ts: topology\.nodeManagers/);
  });

  it("rejects an unknown tenant and lists the allowed users", () => {
    const e = errorOf(() => parseTopology({ tenants: ["alice", "mallory"] }, "topology", users));
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect(e.message).toContain("topology.tenants.1");
    expect(e.message).toContain('"mallory"');
    for (const u of users) expect(e.message).toContain(`"${u}"`);
  });

  it("rejects an empty tenant list", () => {
    expect(() => parseTopology({ tenants: [] }, "topology", users)).toThrow(/topology\.tenants/);
  });

  it("rejects an unknown key and names it", () => {
    const e = errorOf(() => parseTopology({ nodeManager: { memoryMb: 4096 }, nodes: 3 }, "topology", users));
    expect(e.message).toMatch(/unknown key\(s\) "nodes"/);
  });

  it("rejects an unknown key inside nodeManager with the nested path", () => {
    expect(() => parseTopology({ nodeManager: { disks: 2 } }, "topology", users)).toThrow(/topology\.nodeManager: unknown key\(s\) "disks"/);
  });

  it("rejects a NodeManager smaller than 1024 MB", () => {
    expect(() => parseTopology({ nodeManager: { memoryMb: 512 } }, "topology", users)).toThrow(/topology\.nodeManager\.memoryMb/);
  });

  it("rejects a queue declared twice", () => {
    const e = errorOf(() =>
      parseTopology({ tenants: ["alice"], queues: [{ name: "q1" }, { name: "q1" }] }, "topology", users),
    );
    expect(e.message).toContain("topology.queues.1.name");
    expect(e.message).toContain("queue q1 is declared twice");
  });

  it("rejects a queue name that is not lower-case", () => {
    expect(() => parseTopology({ queues: [{ name: "Prod" }] }, "topology", users)).toThrow(/topology\.queues\.0\.name/);
  });

  it("rejects a queue ACL naming an unknown user and lists the allowed users", () => {
    const e = errorOf(() =>
      parseTopology({ queues: [{ name: "q1", submit: ["alice"], administer: ["alice", "root"] }] }, "topology", users),
    );
    expect(e.message).toContain("topology.queues.0.administer.1");
    expect(e.message).toContain('unknown user "root"');
    expect(e.message).toContain(`allowed: ${users.join(", ")}`);
  });

  it('accepts "*" as a queue ACL', () => {
    const t = parseTopology({ queues: [{ name: "shared", submit: "*", administer: "*" }] }, "topology", users);
    expect(t.queues?.[0]?.submit).toBe("*");
  });

  it("rejects explicit capacities that do not total 100", () => {
    const e = errorOf(() =>
      parseTopology({ queues: [{ name: "a", capacity: 30 }, { name: "b", capacity: 30 }] }, "topology", users),
    );
    expect(e.message).toContain("topology.queues");
    expect(e.message).toContain("capacities add up to 60 %; they must total 100 %");
  });

  it("rejects capacities over 100 even when a queue is left open", () => {
    const e = errorOf(() =>
      parseTopology({ queues: [{ name: "a", capacity: 70 }, { name: "b", capacity: 40 }, { name: "c" }] }, "topology", users),
    );
    expect(e.message).toContain("capacities add up to 110 %, more than 100 %");
  });

  it("accepts explicit capacities that total exactly 100", () => {
    const t = parseTopology({ queues: [{ name: "a", capacity: 25 }, { name: "b", capacity: 75 }] }, "topology", users);
    expect(effectiveQueues(t).map((q) => q.capacity)).toEqual([25, 75]);
  });
});

describe("effectiveQueues", () => {
  const total = (qs: { capacity: number }[]): number => qs.reduce((s, q) => s + q.capacity, 0);

  it("makes one queue per tenant, each closed to the others", () => {
    const qs = effectiveQueues(parseTopology({ tenants: ["alice", "bob"] }, "topology", users));
    expect(qs).toEqual([
      { name: "alice", capacity: 50, submit: ["alice"], administer: ["alice"] },
      { name: "bob", capacity: 50, submit: ["bob"], administer: ["bob"] },
    ]);
  });

  it("splits thirds so that the total is exactly 100", () => {
    const qs = effectiveQueues(parseTopology({ tenants: ["alice", "bob", "eva"] }, "topology", users));
    expect(qs.map((q) => q.capacity)).toEqual([33.333, 33.333, 33.334]);
    expect(total(qs)).toBeCloseTo(100, 9);
  });

  it("gives the open queue what the explicit ones leave, totalling exactly 100", () => {
    const t = parseTopology(
      { tenants: ["alice", "bob"], queues: [{ name: "prod", capacity: 60, submit: ["alice"] }, { name: "dev", capacity: 15 }, { name: "adhoc" }] },
      "topology",
      users,
    );
    const qs = effectiveQueues(t);
    expect(qs.map((q) => [q.name, q.capacity])).toEqual([["prod", 60], ["dev", 15], ["adhoc", 25]]);
    expect(total(qs)).toBe(100);
  });

  it("splits the rest evenly among several open queues", () => {
    const t = parseTopology({ queues: [{ name: "a", capacity: 40 }, { name: "b" }, { name: "c" }] }, "topology", users);
    const qs = effectiveQueues(t);
    expect(qs.map((q) => q.capacity)).toEqual([40, 30, 30]);
  });

  it("defaults a declared queue's ACLs to open submit and no extra administrators", () => {
    const qs = effectiveQueues(parseTopology({ queues: [{ name: "shared" }] }, "topology", users));
    expect(qs).toEqual([{ name: "shared", capacity: 100, submit: "*", administer: [] }]);
  });
});

describe("parseTopology: standalone", () => {
  it("names the nodes of a standalone cluster and keeps YARN's keys out of it", () => {
    const t = parseTopology({ manager: "standalone", workers: 2, tenants: ["alice", "bob"] }, "topology", users);
    expect(nodeNamesOf(t)).toEqual(["master", "gateway", "worker-1", "worker-2"]);
    expect(workerNames(parseTopology({}, "topology", users))).toEqual([]);
    expect(errorOf(() => parseTopology({ manager: "standalone", dedicatedNodes: true }, "topology", users)).message).toMatch(/dedicatedNodes are YARN's/);
    expect(errorOf(() => parseTopology({ workers: 2 }, "topology", users)).message).toMatch(/workers is for a standalone cluster/);
  });
});
