import { appState, defineScenario, killOutcome, longPi, rmKill } from "../../harness/index.ts";
import { dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// Control for tenancy/ten-kill-foreign: with YARN ACLs off (the default, yarn.admin.acl "*"), the same request by
// tim kills john's app — so the refusal in ten-kill-foreign is the ACLs' doing.
export default defineScenario({
  name: "tenancy/ten-kill-foreign-control",
  description: "control: YARN ACLs off; tim's PUT state=KILLED on john's running app succeeds and the RM reports it KILLED",
  suites: ["default", "tenancy"],
  topology: dseTopology,
  security: "plain",
  workload: [longPi({ id: "john-pi", tenant: "john" }), rmKill({ actor: "tim", target: "john-pi" })],
  finding: { kind: "control", evidence: "attack" },
  checkers: {
    attack: killOutcome("kill-by-tim", "allowed"),
    app: appState("KILLED", undefined, { steps: ["john-pi"] }),
  },
});
