import { daemonKeytabLogins, defineScenario, rmLogLine, sparkPi, submitOutcome } from "../../harness/index.ts";
import { FAIL_FAST_YARN_CLIENT } from "../../fixtures/scenarios/secure.ts";

// krb-no-ticket — on a Kerberized cluster a tenant with no ticket (empty cache) and no keytab named cannot submit.
// The RM's word is its SASL NEGOTIATE: it offers only TOKEN and KERBEROS, no SIMPLE, and Hadoop's client copies that
// list into "Client cannot authenticate via:[TOKEN, KERBEROS]" (SaslRpcClient.selectSaslClient; thrown only when
// the server offered no SIMPLE). The RM logs nothing for a client that gives up after NEGOTIATE (no "Auth failed
// for": that line is only written when the server's SASL evaluation fails), so its log is read for the other half:
// no "Auth successful for alice@…" while the submit ran. Client-only errors (GSSException, "Failed to find any
// Kerberos tgt") are not accepted: they are raised before the RM says anything.
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
    submit: submitOutcome("no-ticket-submit", "refused", /Client cannot authenticate via:\[(TOKEN, )?KERBEROS\]/),
    rm: rmLogLine("no-ticket-submit", /Auth successful for alice@/, "absent"),
    daemons: daemonKeytabLogins(),
  },
});
