import { aclMatrixHolds, defineScenario } from "../../harness/index.ts";
import { dseMatrix, dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// Control for tenancy/ten-acl-matrix: the same queues and requests with yarn.acl.enable=false — every cell succeeds.
export default defineScenario({
  name: "tenancy/ten-acl-matrix-control",
  description: "control: the same matrix with YARN ACLs off; every submission and every kill succeeds",
  suites: ["default", "tenancy"],
  topology: dseTopology,
  security: "plain",
  workload: [{ kind: "acl-matrix", id: "matrix", matrix: dseMatrix }],
  finding: { kind: "control", evidence: "matrix" },
  checkers: { matrix: aclMatrixHolds("matrix", false) },
});
