import { describe, expect, it } from "vitest";
import type { LabelEscape, SnoopEvidence as SnoopOutcome } from "../steps/container-snoop-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { ContainerSnoopStepSchema } from "../steps/container-snoop-step.ts";
import { rmPermissionLine } from "../attacks/labelled-snoop.ts";
import { snoopChecker, snoopOutcome } from "./snoop-checker.ts";
import { checkPlacement } from "./snoop-placement.ts";

const refusedLabel: LabelEscape = {
  what: "bob asks for node label alice in his own queue",
  request: "POST /ws/v1/cluster/apps?user.name=bob queue=bob app-node-label-expression=alice",
  status: 400,
  accepted: false,
  refusal: "BadRequestException: java.lang.Exception: Invalid resource request, queue=bob doesn't have permission to access all labels in resource request. labelExpression of resource request=alice. Queue labels=bob",
  answer: "BadRequestException: java.lang.Exception: Invalid resource request, queue=bob doesn't have permission to access all labels in resource request. labelExpression of resource request=alice. Queue labels=bob",
  read: false,
};

function outcome(over: Partial<SnoopOutcome> = {}, placement: Partial<NonNullable<SnoopOutcome["placement"]>> = {}): SnoopOutcome {
  return {
    node: "nm-2",
    victim: "alice",
    attacker: "bob",
    victimApp: "application_1_0001",
    attackerApp: "application_1_0002",
    marker: "SHIELDLAB-SNOOP-x",
    attackerStdout: "cat: '/var/lib/hadoop/nm-local/usercache/alice/…/victim-data.txt': No such file or directory\nshieldlab-abcdef-nm-2\n",
    read: false,
    audit: [],
    placement: {
      victimNode: "nm-1",
      attackerNode: "nm-2",
      nodeLabels: { "nm-1": ["alice"], "nm-2": ["bob"] },
      victimFileOnVictimNode: true,
      pathAbsentOnAttackerNode: true,
      attackerNodeListing: "ls: cannot access '…': No such file or directory\nusercache on nm-2: bob",
      escapes: [refusedLabel],
      ...placement,
    },
    ...over,
  };
}

describe("rmPermissionLine", () => {
  it("finds the RM's permission message in each escape's real answer (default-suite run), and nothing in other failures", () => {
    const answers = [
      "BadRequestException: java.lang.Exception: Invalid resource request, queue=bob doesn't have permission to access all labels in resource request. labelExpression of resource request=alice. Queue labels=bob",
      "BadRequestException: java.lang.Exception: org.apache.hadoop.security.AccessControlException: User bob does not have permission to submit application_1796626141476_0004 to queue alice",
      "26/12/07 06:49:40 INFO client.RMProxy: Connecting to ResourceManager\nreplaceLabelsOnNode: org.apache.hadoop.security.AccessControlException: User bob doesn't have permission to call 'replaceLabelsOnNode'",
    ];
    for (const a of answers) expect(rmPermissionLine(a)).toBeDefined();
    expect(rmPermissionLine(answers[2]!)).toBe("replaceLabelsOnNode: org.apache.hadoop.security.AccessControlException: User bob doesn't have permission to call 'replaceLabelsOnNode'");
    for (const a of ["Internal Server Error", "java.net.ConnectException: Connection refused", "", "NotFoundException: java.lang.Exception: queue alice not found"]) expect(rmPermissionLine(a)).toBeUndefined();
  });
});

describe("snoop placement (tenants on dedicated, labelled nodes)", () => {
  it("separate nodes, path absent, escapes refused → defended: impossible, naming the nodes and the RM's answer", () => {
    const r = checkPlacement(outcome());
    expect(r.valid).toBe(true);
    expect(r.message).toMatch(/^defended: impossible: alice's container on nm-1 \(label alice\), bob's on nm-2 \(label bob\); path absent on nm-2; refused: /);
    expect(r.message).toContain("queue=bob doesn't have permission to access all labels");
  });

  it("fails when both containers share a node, the file was read, the path exists or an escape was accepted", () => {
    expect(checkPlacement(outcome({}, { attackerNode: "nm-1" })).valid).toBe(false);
    expect(checkPlacement(outcome({ read: true })).message).toMatch(/^vulnerable: bob's container application_1_0002 read alice's file/);
    expect(checkPlacement(outcome({}, { pathAbsentOnAttackerNode: false })).valid).toBe(false);
    const accepted = checkPlacement(outcome({}, { escapes: [{ ...refusedLabel, status: 202, accepted: true, refusal: undefined, ranOn: "nm-1", read: true }] }));
    expect(accepted.valid).toBe(false);
    expect(accepted.message).toContain("accepted");
    expect(accepted.message).toContain("ran on nm-1, read alice's file");
  });

  it("an escape the RM neither took nor refused in its own words is unknown, never refused: a bare 4xx/5xx, a non-zero rmadmin exit", () => {
    const bare: LabelEscape = { ...refusedLabel, status: 500, refusal: undefined, answer: "Internal Server Error" };
    const r = checkPlacement(outcome({}, { escapes: [refusedLabel, bare] }));
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("nor refuse in its own words");
    const rmadmin: LabelEscape = { what: "bob moves alice's node", request: "yarn rmadmin …", status: 255, accepted: false, answer: "java.net.ConnectException: Connection refused", read: false };
    expect(checkPlacement(outcome({}, { escapes: [rmadmin] })).valid).toBe("unknown");
    expect(checkPlacement(outcome({}, { escapes: [] })).valid).toBe("unknown");
    // the RM's own permission message on each one: refused
    const said = { ...rmadmin, refusal: "replaceLabelsOnNode: User bob doesn't have permission to call 'replaceLabelsOnNode'" };
    const ok = checkPlacement(outcome({}, { escapes: [refusedLabel, said] }));
    expect(ok.valid).toBe(true);
    expect(ok.message).toContain("User bob doesn't have permission to call 'replaceLabelsOnNode'");
  });

  it("is unknown without placement or when the victim's file was never seen on her node", () => {
    expect(checkPlacement(outcome({ placement: undefined })).valid).toBe("unknown");
    expect(checkPlacement(outcome({}, { victimFileOnVictimNode: false })).valid).toBe("unknown");
  });

  it("is unknown, never defended, when the victim's app had ended before the attack was over", async () => {
    expect(checkPlacement(outcome({ victimRunning: false })).valid).toBe("unknown");
    const step = ContainerSnoopStepSchema.parse({ kind: "container-snoop", id: "snoop", victim: "alice", attacker: "bob" });
    const ev = new ScenarioEvidence(new History(), new Map([["snoop", stepRecord(step, { evidence: outcome({ victimRunning: false, placement: undefined }) })]]), "/nonexistent");
    const r = await snoopChecker.check(snoopOutcome("snoop", "blocked"), ev);
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("target not there");
  });

  it("is reached through the snoop-outcome checker with expect impossible", async () => {
    const step = ContainerSnoopStepSchema.parse({ kind: "container-snoop", id: "snoop", victim: "alice", attacker: "bob" });
    const ev = (o: SnoopOutcome): ScenarioEvidence => new ScenarioEvidence(new History(), new Map([["snoop", stepRecord(step, { evidence: o })]]), "/nonexistent");
    expect((await snoopChecker.check(snoopOutcome("snoop", "impossible"), ev(outcome()))).valid).toBe(true);
    // the shared-node outcome (no placement, file read) is no defence
    const shared = outcome({ node: "nm-1", read: true, placement: undefined });
    expect((await snoopChecker.check(snoopOutcome("snoop", "impossible"), ev(shared))).valid).toBe("unknown");
    expect((await snoopChecker.check(snoopOutcome("snoop", "read"), ev(shared))).valid).toBe(true);
    // the control: labels without queue ACLs — bob's escape into alice's queue was accepted and read her file
    const open = outcome({}, { escapes: [refusedLabel, { ...refusedLabel, what: "bob submits to alice's queue", status: 202, accepted: true, refusal: undefined, ranOn: "nm-1", read: true }] });
    expect((await snoopChecker.check(snoopOutcome("snoop", "escaped"), ev(open))).valid).toBe(true);
    expect((await snoopChecker.check(snoopOutcome("snoop", "impossible"), ev(open))).valid).toBe(false);
    expect((await snoopChecker.check(snoopOutcome("snoop", "escaped"), ev(outcome()))).valid).toBe(false);
  });
});
