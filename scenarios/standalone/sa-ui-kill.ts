import { defineScenario, standaloneKillOutcome, standaloneSubmit, standaloneUiKill } from "../../harness/index.ts";

// Seed 002's "who may kill": a standalone master's web UI has a kill link for every running application
// (spark.ui.killEnabled, on by default). With spark.authenticate and the cluster's secret but no UI filter, bob — or
// anyone who reaches port 8080 — POSTs /app/kill/ with alice's app id and the master removes it.
// Its defended twin: standalone/sa-ui-kill-jws (the UI behind Spark's JWSFilter).
export default defineScenario({
  name: "standalone/sa-ui-kill",
  description: "Standalone, spark.authenticate, no UI filter: bob kills alice's application through the master's web UI (the master logs 'Removing app', /json/ says KILLED)",
  suites: ["standalone"],
  topology: { manager: "standalone", workers: 1, tenants: ["alice", "bob"] },
  security: "auth",
  workload: [standaloneSubmit({ id: "driver", tenant: "alice", hold: true }), standaloneUiKill({ id: "kill", actor: "bob", target: "driver" })],
  finding: {
    kind: "documented-weakness",
    // the twin that refuses: the same request and checker can say "refused"
    control: "standalone/sa-ui-kill-jws",
    evidence: "kill",
    fix: "spark.ui.filters with an authenticating filter on the master (Spark 4: org.apache.spark.ui.JWSFilter and a key), or spark.ui.killEnabled=false; keep port 8080 off the tenants' network",
  },
  checkers: { kill: standaloneKillOutcome("kill", "killed") },
});
