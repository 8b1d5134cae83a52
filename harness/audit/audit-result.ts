// One posture check's outcome, kube-bench style: PASS / WARN / FAIL (or UNKNOWN when its source could not be read),
// with the key, the value seen, why it matters, the fix, and the scenario that shows the weakness.
export type AuditVerdict = "pass" | "warn" | "fail" | "unknown";
export const AUDIT_VERDICTS: readonly AuditVerdict[] = ["fail", "warn", "unknown", "pass"];

export interface AuditResult {
  /** Stable id (auth, yarn-acl, cve-2024-23454, …): the expected-posture table and JUnit use it. */
  id: string;
  title: string;
  verdict: AuditVerdict;
  /** The configuration key(s) read. */
  key: string;
  /** The value seen ("(default) x" when the daemon did not list it), or why it could not be read. */
  value: string;
  /** Where the value came from: rm, nm-1, capacity-scheduler.xml, spark-defaults.conf, default. */
  where: string;
  message: string;
  why: string;
  fix: string;
  /** The scenario that reproduces the weakness (`shieldlab run <scenario>`). */
  scenario?: string;
  /** Per daemon / queue / directory lines behind the verdict. */
  details?: string[];
}

export interface AuditReport {
  /** What was audited: the target file's name, or the harness's profile and session. */
  target: string;
  startedAt: string;
  seconds: number;
  clusterInfo?: { haState?: string; hadoopVersion?: string; resourceManagerVersion?: string; sparkVersion?: string };
  results: AuditResult[];
}

/** The worst of several verdicts: fail, then warn, then unknown, then pass. */
export function worst(vs: readonly AuditVerdict[]): AuditVerdict {
  for (const v of AUDIT_VERDICTS) if (vs.includes(v)) return v;
  return "pass";
}

export function countVerdicts(r: AuditReport): Record<AuditVerdict, number> {
  const c: Record<AuditVerdict, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const x of r.results) c[x.verdict]++;
  return c;
}
