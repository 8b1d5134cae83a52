// What `shieldlab audit --profile NAME` must report for each security profile the harness has: profile → check id →
// verdict. expected-posture.test.ts proves it over each profile's rendered configuration; docs/audit.md shows it.
// nm-dirs is read on the nodes only (a live cluster): from configuration alone it is unknown.
import type { ProfileName } from "../cluster/security-profile.ts";
import type { AuditVerdict } from "./audit-result.ts";

/** A row: a named profile, optionally Kerberized (`shieldlab up/audit --profile NAME --kerberos LEVEL`). */
export interface PostureRow {
  label: string;
  profile: ProfileName;
  kerberos?: "authentication" | "integrity" | "privacy";
  expected: Record<string, AuditVerdict>;
}

/** Verdicts every profile shares (the harness's clusters differ in Spark and YARN ACL settings, not in these). */
const SHARED: Record<string, AuditVerdict> = {
  auth: "fail",
  "yarn-acl": "fail",
  "admin-acl": "fail",
  "queue-acls": "fail",
  "rpc-protection": "fail",
  "web-tls": "fail",
  "web-auth": "fail",
  "proxy-users": "pass",
  "container-executor": "fail",
  "nm-dirs": "unknown",
  "log-aggregation": "warn",
  "spark-auth": "fail",
  "spark-network-crypto": "fail",
  "spark-ui-tls": "warn",
  "cve-2022-33891": "pass",
  "cve-2023-22946": "pass",
  "cve-2024-23454": "pass",
  "cve-2025-55039": "pass",
};
const ACLS = { "yarn-acl": "pass", "admin-acl": "pass", "queue-acls": "pass" } as const;
const KERBEROS = { auth: "pass", "web-auth": "pass" } as const;

const row = (label: string, profile: ProfileName, diff: Record<string, AuditVerdict>, kerberos?: PostureRow["kerberos"]): PostureRow => ({
  label,
  profile,
  ...(kerberos ? { kerberos } : {}),
  expected: { ...SHARED, ...diff },
});

/** On the manifest's default pair (Spark 4.0.5, Hadoop 3.4.3): no replayed CVE is in its versions. */
export const EXPECTED_POSTURE: readonly PostureRow[] = [
  row("plain", "plain", {}),
  row("auth", "auth", { "spark-auth": "pass" }),
  row("auth-ctr", "auth-ctr", { "spark-auth": "pass", "spark-network-crypto": "warn", "cve-2025-55039": "fail" }),
  row("auth-gcm", "auth-gcm", { "spark-auth": "pass", "spark-network-crypto": "pass" }),
  row("auth-aes", "auth-aes", { "spark-auth": "pass", "spark-network-crypto": "warn", "cve-2025-55039": "fail" }),
  row("sasl", "sasl", { "spark-auth": "pass", "spark-network-crypto": "warn" }),
  row("tls-rpc", "tls-rpc", { "spark-network-crypto": "pass" }),
  row("ui-tls", "ui-tls", { "spark-ui-tls": "pass" }),
  row("io-enc", "io-enc", {}),
  row("acls", "acls", ACLS),
  row("acls --kerberos authentication", "acls", { ...ACLS, ...KERBEROS }, "authentication"),
  row("acls --kerberos integrity", "acls", { ...ACLS, ...KERBEROS, "rpc-protection": "warn" }, "integrity"),
  row("acls --kerberos privacy", "acls", { ...ACLS, ...KERBEROS, "rpc-protection": "pass" }, "privacy"),
];

/** The table as Markdown (docs/audit.md holds exactly this; a test keeps the two the same). */
export function renderPostureTable(checkIds: readonly string[]): string {
  const head = `| check | ${EXPECTED_POSTURE.map((r) => r.label).join(" | ")} |`;
  const rule = `|---|${EXPECTED_POSTURE.map(() => "---").join("|")}|`;
  const rows = checkIds.map((id) => `| ${id} | ${EXPECTED_POSTURE.map((r) => r.expected[id]!.toUpperCase()).join(" | ")} |`);
  return [head, rule, ...rows].join("\n");
}
