import { aclMatrixHolds, daemonKeytabLogins, defineScenario } from "../../harness/index.ts";
import { dseMatrixKerberos, dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// krb-acl-matrix — seed 002's john/tim/anna/eva matrix on a Kerberized cluster: every cell is a real RM request made
// with the caller's own Kerberos ticket (SPNEGO), so YARN's ACLs judge proven identities. Exactly the allowed cells
// succeed, and the extra cells where a tenant claims another's name (tim as john, tim as eva the admin, …) get
// nowhere. Controls: tenancy/ten-acl-matrix-control (ACLs off: every cell allowed) and tenancy/ten-spoof-user (simple
// auth: a claimed name is believed).
export default defineScenario({
  name: "secure/krb-acl-matrix",
  description: "seed 002's ACL matrix with Kerberos identities: exactly the allowed cells succeed; claiming another tenant's name gets nowhere",
  suites: ["default", "secure"],
  topology: dseTopology,
  security: { profile: "acls", kerberos: {} },
  workload: [{ kind: "acl-matrix", id: "matrix", matrix: dseMatrixKerberos }],
  finding: { kind: "defended", control: ["tenancy/ten-acl-matrix-control", "tenancy/ten-spoof-user"], evidence: "matrix" },
  checkers: { matrix: aclMatrixHolds("matrix", true), daemons: daemonKeytabLogins() },
});
