import { daemonKeytabLogins, defineScenario, rmLogLine, sparkPi, submitOutcome } from "../../harness/index.ts";

// Control of secure/krb-no-ticket (and of secure/krb-kdc-down): the same submit on the same kind of cluster, logging
// in with the tenant's own keytab (spark-submit --principal/--keytab), gets in and runs as the tenant.
export default defineScenario({
  name: "secure/krb-no-ticket-control",
  description: "control: the same submit with the tenant's keytab (--principal/--keytab) is accepted and runs as the tenant",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "plain", kerberos: {} },
  workload: [sparkPi({ id: "keytab-submit", tenant: "alice", kerberos: "keytab", timeoutSeconds: 180 })],
  finding: { kind: "control", evidence: "submit" },
  checkers: {
    submit: submitOutcome("keytab-submit", "accepted", "alice"),
    // the RM's SASL server authenticated her by Kerberos while the submit ran (ipc.Server's audit line)
    rm: rmLogLine("keytab-submit", /Auth successful for alice@[A-Z0-9.-]+ \(auth:KERBEROS\)/),
    daemons: daemonKeytabLogins(),
  },
});
