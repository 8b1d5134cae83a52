import { defineScenario, standaloneAttack, standaloneOutcome } from "../../harness/index.ts";

// From Spark 4.1 the master's REST submission server is on by default, and since 4.0.4 (SPARK-57451) it no longer
// refuses to run beside spark.authenticate.secret: it relies on spark.master.rest.filters (e.g. JWSFilter) instead.
// With spark.authenticate, the cluster's secret and no filter — a default 4.1 configuration — an outsider's POST
// /v1/submissions/create: does a worker run its driver?
export default defineScenario({
  name: "standalone/sa-rest-default",
  description: "Spark 4.1 standalone, spark.authenticate with a secret, REST at its default: an outsider's unauthenticated REST submission runs its driver on a worker",
  suites: ["standalone"],
  versions: { spark: "4.1.x" },
  topology: { manager: "standalone", workers: 1, tenants: ["alice"] },
  security: "auth",
  workload: [standaloneAttack({ id: "rest", via: "rest" })],
  finding: { kind: "vulnerable", evidence: "rest", fix: "spark.master.rest.enabled=false, or spark.master.rest.filters=org.apache.spark.ui.JWSFilter with a key (Spark 4.0+)" },
  checkers: { rest: standaloneOutcome("rest", "ran") },
});
