import { appState, daemonKeytabLogins, defineScenario, killOutcome, longPi, rmKill } from "../../harness/index.ts";
import { dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// krb-spoof-user — the fix of tenancy/ten-spoof-user, shown working: the same spoof (tim sends user.name=john to kill
// john's app) against a Kerberized RM with SPNEGO on its REST API. With no ticket the RM answers 401 (it asks for
// Negotiate and ignores user.name); with tim's own ticket it knows the caller is tim and the ACLs answer 403.
// john's app is untouched and finishes. Control: tenancy/ten-spoof-user (simple auth: the same request kills it).
export default defineScenario({
  name: "secure/krb-spoof-user",
  description: "tim claims user.name=john to kill john's app on a Kerberized RM: 401 without a ticket, 403 with tim's own; john's app finishes",
  suites: ["default", "secure"],
  topology: dseTopology,
  security: { profile: "acls", kerberos: {} },
  workload: [
    longPi({ id: "john-pi", tenant: "john" }),
    rmKill({ id: "no-ticket-kill", actor: "tim", asUser: "john", target: "john-pi", credentials: "none" }),
    rmKill({ id: "own-ticket-kill", actor: "tim", asUser: "john", target: "john-pi" }),
  ],
  finding: {
    kind: "defended",
    control: "tenancy/ten-spoof-user",
    evidence: "withTicket",
    fix: "keep SPNEGO on the RM web services (hadoop.http.authentication.type=kerberos) and YARN ACLs on",
  },
  checkers: {
    noTicket: killOutcome("no-ticket-kill", "refused", 401),
    withTicket: killOutcome("own-ticket-kill", "refused", 403),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["john-pi"] }),
    daemons: daemonKeytabLogins(),
  },
});
