import { defineScenario, kdcOutage, sparkPi, submitOutcome } from "../../harness/index.ts";

// krb-kdc-down — the KDC stops answering (its process ends, port 88 refuses) before a tenant submits with its keytab:
// the client cannot log in and fails fast with the Kerberos library's own message; nothing hangs past the step's
// timeout, and the artifacts (the KDC's log, the submit log) are kept. The KDC answers again before the next scenario.
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
    submit: submitOutcome("submit-kdc-down", "refused", /Cannot contact any KDC|Connection refused|Receive timed out|LoginException|KrbException|Unable to obtain password/),
  },
});
