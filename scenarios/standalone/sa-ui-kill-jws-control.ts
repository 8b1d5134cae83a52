import { defineScenario, standaloneKillOutcome, standaloneSubmit, standaloneUiKill } from "../../harness/index.ts";

// Control of standalone/sa-ui-kill-jws: the same POST /app/kill/ with a token signed with the cluster's key: the master
// removes alice's app. So the refused request was a working kill, stopped by the filter alone. It also shows what
// JWSFilter is: authentication for the whole UI, not per-tenant authorization — whoever holds a token may kill any app.
export default defineScenario({
  name: "standalone/sa-ui-kill-jws-control",
  description: "control: behind JWSFilter, the same kill with a valid token removes alice's application (the master logs it, /json/ says KILLED)",
  suites: ["standalone"],
  topology: { manager: "standalone", workers: 1, tenants: ["alice", "bob"], jws: true },
  security: "auth",
  workload: [standaloneSubmit({ id: "driver", tenant: "alice", hold: true }), standaloneUiKill({ id: "kill", actor: "bob", target: "driver", token: "valid" })],
  finding: { kind: "control", evidence: "kill" },
  checkers: { kill: standaloneKillOutcome("kill", "killed") },
});
