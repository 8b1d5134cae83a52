import { defineScenario, standaloneAttack, standaloneOutcome } from "../../harness/index.ts";

// CVE-2018-17190 (no fixed release): a standalone master without spark.authenticate runs anyone's code. An outsider
// on the gateway — not a tenant, without the cluster's configuration — spark-submits a driver in cluster mode; the
// master accepts it and a worker runs it (shieldlab.standalone.Marker writing this run's nonce). Twin with
// spark.authenticate: standalone/sa-open-master-auth.
export default defineScenario({
  name: "standalone/sa-open-master",
  description: "Standalone master without spark.authenticate: an outsider's spark-submit runs its driver on a worker (CVE-2018-17190, by design)",
  suites: ["standalone", "default"],
  topology: { manager: "standalone", workers: 1, tenants: ["alice", "bob"] },
  security: "plain",
  workload: [standaloneAttack({ id: "outsider", via: "submit" })],
  finding: { kind: "documented-weakness", evidence: "outsider", fix: "spark.authenticate=true with a secret on the master, the workers and every application (standalone/sa-open-master-auth); keep the master's ports off untrusted networks" },
  checkers: { outsider: standaloneOutcome("outsider", "ran") },
});
