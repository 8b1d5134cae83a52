import { defineScenario, standaloneKillOutcome, standaloneSubmit, standaloneUiKill } from "../../harness/index.ts";

// sa-ui-kill's defended twin: the master's UI behind Spark's own JWSFilter (spark.ui.filters, a key per cluster). bob's
// POST /app/kill/ without a token gets the filter's 403 "Authorization header is missing." and alice's app runs on.
// Control: standalone/sa-ui-kill-jws-control (the same request with a valid token kills it).
export default defineScenario({
  name: "standalone/sa-ui-kill-jws",
  description: "Standalone, spark.authenticate, the master's UI behind JWSFilter: bob's kill without a token is refused by the filter (HTTP 403) and alice's app keeps running",
  suites: ["standalone"],
  topology: { manager: "standalone", workers: 1, tenants: ["alice", "bob"], jws: true },
  security: "auth",
  workload: [standaloneSubmit({ id: "driver", tenant: "alice", hold: true }), standaloneUiKill({ id: "kill", actor: "bob", target: "driver" })],
  finding: {
    kind: "defended",
    control: "standalone/sa-ui-kill-jws-control",
    evidence: "kill",
    fix: "keep spark.ui.filters=org.apache.spark.ui.JWSFilter with a key only the operators hold",
  },
  checkers: { kill: standaloneKillOutcome("kill", "refused") },
});
