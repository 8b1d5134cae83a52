import { daemonKeytabLogins, defineScenario, kdcLogLine, kerberosLogin, rmLogLine, sparkPi, submitOutcome } from "../../harness/index.ts";
import { FAIL_FAST_YARN_CLIENT } from "../../fixtures/scenarios/secure.ts";

// krb-expired-ticket — the KDC caps alice's tickets at 5 seconds (kadmin modprinc -maxlife); she runs kinit, the
// ticket expires (klist -s fails, and the realm's 5 s clock skew passes), then she submits from that ticket cache:
// the client holds no valid credentials and the RM never sees an application.
// Control: secure/krb-expired-ticket-control — the same kinit and submit from the cache while the ticket is valid.
export default defineScenario({
  name: "secure/krb-expired-ticket",
  description: "a tenant's ticket past its lifetime (5 s, set in the KDC) is refused: the submit from that ticket cache fails with the client's Kerberos error",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "plain", kerberos: {} },
  workload: [
    kerberosLogin({ tenant: "alice", ticketLife: "5 seconds", waitUntilExpired: true }),
    sparkPi({ id: "expired-submit", tenant: "alice", kerberos: "ticket-cache", timeoutSeconds: 120, conf: FAIL_FAST_YARN_CLIENT }),
  ],
  finding: {
    kind: "defended",
    control: "secure/krb-expired-ticket-control",
    evidence: "submit",
    fix: "keep ticket lifetimes short in the KDC; long jobs renew from a keytab (spark-submit --principal/--keytab)",
  },
  checkers: {
    // the client never got past the RM's SASL negotiation (the RM's offer: TOKEN, KERBEROS; see krb-no-ticket)
    submit: submitOutcome("expired-submit", "refused", /Client cannot authenticate via:\[(TOKEN, )?KERBEROS\]/),
    // the refusal is the KDC's: it answered the client's ticket request with "Ticket expired"
    kdc: kdcLogLine(/TGS_REQ.*alice@[A-Z0-9.-]+.*Ticket expired/),
    rm: rmLogLine("expired-submit", /Auth successful for alice@/, "absent"),
    daemons: daemonKeytabLogins(),
  },
});
