import { defineScenario, standaloneAttack, standaloneOutcome } from "../../harness/index.ts";

// The defended twin of standalone/sa-open-master: with spark.authenticate and the cluster's secret, the outsider's
// spark-submit (it does not hold the secret) is turned away by the master's authentication, in the master's own log.
export default defineScenario({
  name: "standalone/sa-open-master-auth",
  description: "Standalone master with spark.authenticate: an outsider's spark-submit without the secret is refused by the master",
  suites: ["standalone", "default"],
  topology: { manager: "standalone", workers: 1, tenants: ["alice", "bob"] },
  security: "auth",
  workload: [standaloneAttack({ id: "outsider", via: "submit", waitMs: 15_000 })],
  finding: { kind: "defended", control: "standalone/sa-open-master", evidence: "outsider" },
  checkers: { outsider: standaloneOutcome("outsider", "refused") },
});
