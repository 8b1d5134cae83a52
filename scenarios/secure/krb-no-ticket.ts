import { defineScenario, sparkPi, submitOutcome } from "../../harness/index.ts";
import { FAIL_FAST_YARN_CLIENT } from "../../fixtures/scenarios/secure.ts";

// krb-no-ticket — on a Kerberized cluster a tenant with no ticket (empty cache) and no keytab named cannot submit:
// the client cannot authenticate to the RM, and says so in its own words (GSS-API / Kerberos / SASL errors).
// Control: secure/krb-no-ticket-control — the same submit with the tenant's keytab gets in.
export default defineScenario({
  name: "secure/krb-no-ticket",
  description: "a tenant with no Kerberos ticket and no keytab cannot submit to a Kerberized RM; the client's own GSS error is the evidence",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "plain", kerberos: {} },
  workload: [sparkPi({ id: "no-ticket-submit", tenant: "alice", kerberos: "none", timeoutSeconds: 120, conf: FAIL_FAST_YARN_CLIENT })],
  finding: {
    kind: "defended",
    control: "secure/krb-no-ticket-control",
    evidence: "submit",
    fix: "keep hadoop.security.authentication=kerberos: YARN RPC then requires a ticket",
  },
  checkers: {
    submit: submitOutcome("no-ticket-submit", "refused", /GSSException|KrbException|Failed to find any Kerberos tgt|Client cannot authenticate via:\[TOKEN, KERBEROS\]|No valid credentials/),
  },
});
