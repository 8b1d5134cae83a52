import { defineScenario, standaloneKillOutcome, standaloneSubmit, standaloneUiKill } from "../../harness/index.ts";

// The expectation was that spark.acls.enable stops sa-ui-kill. It does not: the master's kill handler asks
// SecurityManager.checkModifyPermissions(request.getRemoteUser), and with no filter that authenticates the request the
// remote user is null — which Spark lets through. ACLs decide only for a user a filter has named. The master logs the
// removal and /json/ says KILLED, as without ACLs.
export default defineScenario({
  name: "standalone/sa-ui-kill-acls",
  description: "Standalone, spark.authenticate + spark.acls.enable, no UI filter: bob still kills alice's application through the master's web UI (no filter names the user, and a null user passes the ACL check)",
  suites: ["standalone"],
  topology: { manager: "standalone", workers: 1, tenants: ["alice", "bob"] },
  security: { profile: "auth", yarnAcls: true },
  workload: [standaloneSubmit({ id: "driver", tenant: "alice", hold: true }), standaloneUiKill({ id: "kill", actor: "bob", target: "driver" })],
  finding: {
    kind: "documented-weakness",
    // the twin that refuses: the same request and checker can say "refused"
    control: "standalone/sa-ui-kill-jws",
    evidence: "kill",
    fix: "ACLs need a filter that sets the remote user (spark.ui.filters); without one, put the UI behind JWSFilter or set spark.ui.killEnabled=false",
  },
  checkers: { kill: standaloneKillOutcome("kill", "killed") },
});
