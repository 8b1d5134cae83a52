import { appState, defineScenario, killOutcome, longPi, rmKill } from "../../harness/index.ts";
import { dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// ten-kill-foreign (seeds 002, 004 in docs/sources.md): with YARN ACLs on, tim cannot kill john's running app over the RM REST API.
// Its control is tenancy/ten-kill-foreign-control: the same attack with ACLs off succeeds.
export default defineScenario({
  name: "tenancy/ten-kill-foreign",
  description: "YARN ACLs on (yarn.acl.enable, queue ACLs, spark.acls.enable): tim's PUT state=KILLED on john's app is refused and the app finishes",
  suites: ["default", "tenancy"],
  topology: dseTopology,
  security: "acls",
  workload: [longPi({ id: "john-pi", tenant: "john" }), rmKill({ actor: "tim", target: "john-pi" })],
  finding: { kind: "defended", control: "tenancy/ten-kill-foreign-control", evidence: "attack" },
  checkers: {
    attack: killOutcome("kill-by-tim", "refused"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["john-pi"] }),
  },
});
