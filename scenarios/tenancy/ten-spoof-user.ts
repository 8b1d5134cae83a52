import { appState, defineScenario, killOutcome, longPi, rmKill } from "../../harness/index.ts";
import { dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// ten-spoof-user — a documented weakness: under simple authentication the RM REST API believes `user.name=`.
// With the same ACLs that refuse tim in tenancy/ten-kill-foreign, tim claiming to be john kills john's app.
// Fix: Kerberos/SPNEGO for the RM web services (hadoop.http.authentication.type=kerberos,
// yarn.resourcemanager.webapp.spnego-*) so the caller's identity is proven, not asserted.
export default defineScenario({
  name: "tenancy/ten-spoof-user",
  description: "documented weakness (reported vulnerable): ACLs on, but tim sends user.name=john and the RM kills john's app; fix: SPNEGO/Kerberos on the RM web services",
  suites: ["default", "tenancy"],
  topology: dseTopology,
  security: "acls",
  workload: [longPi({ id: "john-pi", tenant: "john" }), rmKill({ id: "spoofed-kill", actor: "tim", asUser: "john", target: "john-pi" })],
  finding: {
    kind: "documented-weakness",
    evidence: "attack",
    fix: "Kerberos/SPNEGO on the RM web services (hadoop.http.authentication.type=kerberos, yarn.resourcemanager.webapp.spnego-*), so the caller's identity is proven, not asserted",
  },
  checkers: {
    attack: killOutcome("spoofed-kill", "allowed"),
    app: appState("KILLED", undefined, { steps: ["john-pi"] }),
  },
});
