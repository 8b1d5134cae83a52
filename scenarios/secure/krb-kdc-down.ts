import { daemonKeytabLogins, defineScenario, kdcOutage, kdcOutageHeld, sparkPi, submitOutcome } from "../../harness/index.ts";

// krb-kdc-down — the KDC stops answering (its process ends, port 88 refuses) before a tenant submits with its keytab:
// the client cannot log in and fails fast with the Kerberos login's own failure, naming the refused connection to
// port 88 (a timeout is not accepted: it would not show the KDC refusing); nothing hangs past the step's timeout, and
// the artifacts (the KDC's log, the submit log) are kept. The outage itself is shown by the KDC: its log says
// "shutting down" and the step's probe in its container found no krb5kdc and port 88 refusing. The KDC answers
// again before the next scenario.
// Control: secure/krb-no-ticket-control — the same keytab submit with the KDC up is accepted.
export default defineScenario({
  name: "secure/krb-kdc-down",
  description: "the KDC stops answering before a keytab submit: a clear Kerberos error from the client, no hang, artifacts kept",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "plain", kerberos: {} },
  workload: [kdcOutage(), sparkPi({ id: "submit-kdc-down", tenant: "alice", kerberos: "keytab", timeoutSeconds: 150 })],
  finding: {
    kind: "defended",
    control: "secure/krb-no-ticket-control",
    evidence: "submit",
    fix: "run more than one KDC (krb5.conf lists each with kdc =): without one, no new ticket is issued and new clients fail closed",
  },
  checkers: {
    submit: submitOutcome("submit-kdc-down", "refused", /failure to login: for principal: alice@[A-Z0-9.-]+ from keytab \S+ javax\.security\.auth\.login\.LoginException: (Connection refused|ICMP Port Unreachable)/),
    kdc: kdcOutageHeld("kdc-outage"),
    daemons: daemonKeytabLogins(),
  },
});
