import { daemonKeytabLogins, defineScenario, kerberosLogin, rmLogLine, sparkPi, submitOutcome } from "../../harness/index.ts";

// Control of secure/krb-expired-ticket: the same kinit, and the same submit from the ticket cache while the ticket is
// valid (the KDC's usual lifetime): accepted, as alice.
export default defineScenario({
  name: "secure/krb-expired-ticket-control",
  description: "control: the same submit from a valid ticket cache (kinit just before) is accepted",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "plain", kerberos: {} },
  workload: [kerberosLogin({ tenant: "alice" }), sparkPi({ id: "cache-submit", tenant: "alice", kerberos: "ticket-cache", timeoutSeconds: 180 })],
  finding: { kind: "control", evidence: "submit" },
  checkers: {
    submit: submitOutcome("cache-submit", "accepted", "alice"),
    rm: rmLogLine("cache-submit", /Auth successful for alice@[A-Z0-9.-]+ \(auth:KERBEROS\)/),
    daemons: daemonKeytabLogins(),
  },
});
