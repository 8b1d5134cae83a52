import { defineScenario, standaloneAttack, standaloneOutcome } from "../../harness/index.ts";

// sa-rest-default's defended twin: Spark 4.1, spark.authenticate, REST at its default (on), and the REST server behind
// JWSFilter (spark.master.rest.filters with the cluster's key). The outsider's POST /v1/submissions/create without a
// token gets the filter's 403, and no worker runs its driver.
// Control: standalone/sa-rest-jws-control (the same request with a valid token runs).
export default defineScenario({
  name: "standalone/sa-rest-jws",
  description: "Spark 4.1 standalone, REST at its default behind JWSFilter: an outsider's REST submission without a token is refused by the filter (HTTP 403), no marker",
  suites: ["standalone"],
  versions: { spark: "4.1.x" },
  topology: { manager: "standalone", workers: 1, tenants: ["alice"], jws: true },
  security: "auth",
  workload: [standaloneAttack({ id: "rest", via: "rest" })],
  finding: { kind: "defended", control: "standalone/sa-rest-jws-control", evidence: "rest", fix: "keep spark.master.rest.filters=org.apache.spark.ui.JWSFilter with a key only the submitters hold" },
  checkers: { rest: standaloneOutcome("rest", "refused") },
});
