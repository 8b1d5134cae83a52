// The tenancy matrix verdict: with ACLs on exactly the allowed cells succeed; with ACLs off every cell does.
import type { AclMatrixEvidence } from "../steps/acl-matrix-step.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface AclMatrixSpec {
  kind: "acl-matrix";
  step: string;
  /** true: cells must match their expectation; false (control): every cell must be allowed. */
  aclsOn: boolean;
}

export function aclMatrixHolds(step: string, aclsOn: boolean): AclMatrixSpec {
  return { kind: "acl-matrix", step, aclsOn };
}

export const aclMatrixChecker: Checker<AclMatrixSpec> = {
  kind: "acl-matrix",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const cells = s?.evidence<AclMatrixEvidence>();
    if (!cells) return { valid: "unknown", message: `${spec.step}: the matrix did not run (${s?.problem ?? "no record"})` };
    const unclear = cells.filter((c) => c.outcome === "unclear");
    const wrong = cells.filter((c) => c.outcome !== "unclear" && c.outcome !== (spec.aclsOn ? c.expectedWithAcls : "allowed"));
    const evidence = { cells };
    if (wrong.length > 0)
      return { valid: false, message: `${wrong.length} of ${cells.length} cells differ: ${wrong.map((c) => `${c.cell} was ${c.outcome}`).join("; ")}`, evidence };
    if (unclear.length > 0) return { valid: "unknown", message: `${unclear.length} cell(s) unclear: ${unclear.map((c) => `${c.cell} (${c.evidence})`).join("; ")}`, evidence };
    const allowed = cells.filter((c) => c.outcome === "allowed").length;
    return { valid: true, message: `all ${cells.length} cells as expected (${allowed} allowed, ${cells.length - allowed} refused)${spec.aclsOn ? "" : " — ACLs off: everything allowed"}`, evidence };
  },
};
