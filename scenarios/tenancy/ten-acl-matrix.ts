import { aclMatrixHolds, defineScenario } from "../../harness/index.ts";
import { dseMatrix, dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// ten-acl-matrix (seed 002 in docs/sources.md): with YARN ACLs on, exactly the allowed cells of the matrix succeed — every cell is a
// real submission or kill through the RM REST API. Control: tenancy/ten-acl-matrix-control (ACLs off).
export default defineScenario({
  name: "tenancy/ten-acl-matrix",
  description: "YARN ACLs on, queues dc1/dc2: john→dc1, tim→dc2, anna→any, eva administers both (kills any app); exactly those cells succeed",
  suites: ["default", "tenancy"],
  topology: dseTopology,
  security: "acls",
  workload: [{ kind: "acl-matrix", id: "matrix", matrix: dseMatrix }],
  finding: { kind: "defended", control: "tenancy/ten-acl-matrix-control", evidence: "matrix" },
  checkers: { matrix: aclMatrixHolds("matrix", true) },
});
