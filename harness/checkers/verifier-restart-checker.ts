// Did the verifier's state survive its restart? From the restart step's recorded health (before / right after) and
// the collected audit log (one hash chain across the restart, with records from both sides of it).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { verifyAuditChain } from "../attest/verifier/audit-log.ts";
import type { VerifierRestart } from "../attest/host/started-attestation.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface VerifierRestartSpec {
  kind: "verifier-restart";
  /** The verifier-restart step's id. */
  step: string;
  /**
   * "state-kept": the policy (id and digest) is the same right after the restart (nothing was put back), the audit
   * count and the used-nonce record did not shrink, and audit.jsonl is one intact chain that grew after the restart.
   * "state-lost" (the control): the restart came back without the policy (until it was PUT again).
   */
  expect: "state-kept" | "state-lost";
}

export const verifierRestartChecker: Checker<VerifierRestartSpec> = {
  kind: "verifier-restart",
  check(spec, ev): CheckResult {
    const op = ev.history.completed(spec.step, "verifier-restart");
    if (!op || op.type !== "ok") return { valid: "unknown", message: `${spec.step}: the verifier was not restarted${op?.error ? `: ${op.error}` : ""}` };
    const r = op.value as VerifierRestart;
    const evidence: Record<string, unknown> = { mode: r.mode, before: r.before, afterRestart: r.afterRestart, after: r.after };
    const policy = (h: VerifierRestart["before"]): string => `${h.policyId}#${h.policyDigest}`;
    const samePolicy = policy(r.afterRestart) === policy(r.before);
    if (spec.expect === "state-lost") {
      return samePolicy
        ? { valid: false, message: `the verifier kept its policy ${policy(r.before)} across a ${r.mode} restart: nothing was lost`, evidence }
        : { valid: true, message: `${r.mode} restart: the policy ${policy(r.before)} was gone (came back as ${policy(r.afterRestart)}, ${r.afterRestart.usedNonces} used nonce(s) remembered) until it was PUT again`, evidence };
    }
    if (!samePolicy) return { valid: false, message: `the policy did not survive the restart: ${policy(r.before)} before, ${policy(r.afterRestart)} after`, evidence };
    if (r.afterRestart.usedNonces < r.before.usedNonces) return { valid: false, message: `the used-nonce record shrank: ${r.before.usedNonces} before the restart, ${r.afterRestart.usedNonces} after`, evidence };
    if (r.afterRestart.appraisals < r.before.appraisals) return { valid: false, message: `the audit lost records: ${r.before.appraisals} before the restart, ${r.afterRestart.appraisals} after`, evidence };
    const file = join(ev.attestDir, "audit.jsonl");
    if (!ev.attestDir || !existsSync(file)) return { valid: "unknown", message: "no verifier audit log was collected", evidence };
    const chain = verifyAuditChain(readFileSync(file, "utf8"));
    evidence["chain"] = chain;
    if (!chain.ok) return { valid: false, message: `the audit chain is broken at line ${chain.brokenAt! + 1}: ${chain.reason}`, evidence };
    if (chain.records <= r.before.appraisals) return { valid: "unknown", message: `the audit has ${chain.records} record(s), none after the restart: nothing shows the chain continued`, evidence };
    return { valid: true, message: `policy ${policy(r.before)} and ${r.afterRestart.usedNonces} used nonce(s) kept; the audit is one chain of ${chain.records} records, ${r.before.appraisals} before the restart`, evidence };
  },
};

export function verifierRestarted(step: string, expect: VerifierRestartSpec["expect"]): VerifierRestartSpec {
  return { kind: "verifier-restart", step, expect };
}
