import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { AclMatrixStepSchema, type AclMatrixEvidence } from "../steps/acl-matrix-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { aclMatrixChecker, aclMatrixHolds } from "./acl-matrix-checker.ts";

type MatrixCell = AclMatrixEvidence[number];
const step = AclMatrixStepSchema.parse({ kind: "acl-matrix", id: "matrix", matrix: { submit: {}, kill: [] } });
const ev = (cells?: MatrixCell[]): ScenarioEvidence => new ScenarioEvidence(new History(), new Map([["matrix", stepRecord(step, { evidence: cells })]]), "/nonexistent");
const cell = (name: string, outcome: MatrixCell["outcome"], expectedWithAcls: MatrixCell["expectedWithAcls"]): MatrixCell => ({ cell: name, outcome, expectedWithAcls, evidence: "" });

describe("aclMatrixChecker", () => {
  const enforced = [cell("submit john → dc1", "allowed", "allowed"), cell("submit john → dc2", "refused", "refused")];
  it("ACLs on: true only when every cell matches its expectation", () => {
    expect((aclMatrixChecker.check(aclMatrixHolds("matrix", true), ev(enforced)) as { valid: unknown }).valid).toBe(true);
    const leaky = [cell("submit john → dc1", "allowed", "allowed"), cell("submit john → dc2", "allowed", "refused")];
    const r = aclMatrixChecker.check(aclMatrixHolds("matrix", true), ev(leaky)) as { valid: unknown; message: string };
    expect(r.valid).toBe(false);
    expect(r.message).toContain("submit john → dc2 was allowed");
  });
  it("control (ACLs off): every cell must be allowed, so an enforced matrix fails it", () => {
    expect((aclMatrixChecker.check(aclMatrixHolds("matrix", false), ev(enforced)) as { valid: unknown }).valid).toBe(false);
    const open = [cell("a", "allowed", "allowed"), cell("b", "allowed", "refused")];
    expect((aclMatrixChecker.check(aclMatrixHolds("matrix", false), ev(open)) as { valid: unknown }).valid).toBe(true);
  });
  it("unknown when the matrix did not run or a cell is unclear", () => {
    expect((aclMatrixChecker.check(aclMatrixHolds("matrix", true), ev(undefined)) as { valid: unknown }).valid).toBe("unknown");
    expect((aclMatrixChecker.check(aclMatrixHolds("matrix", true), ev([cell("x", "unclear", "allowed")])) as { valid: unknown }).valid).toBe("unknown");
  });
});
