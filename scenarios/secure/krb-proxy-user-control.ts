import { defineScenario, kerberosLogin, sparkPi, submitOutcome } from "../../harness/index.ts";

// Control of secure/krb-proxy-user: the cluster grants bob the right to act for john
// (hadoop.proxyuser.bob.hosts=*, hadoop.proxyuser.bob.users=john); the same submit runs, as john.
export default defineScenario({
  name: "secure/krb-proxy-user-control",
  description: "control: with hadoop.proxyuser.bob.users=john the same --proxy-user submit runs as john",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "plain", kerberos: { proxyUsers: { bob: ["john"] } } },
  workload: [kerberosLogin({ tenant: "bob" }), sparkPi({ id: "proxy-submit", tenant: "bob", proxyUser: "john", kerberos: "ticket-cache", timeoutSeconds: 180 })],
  finding: { kind: "control", evidence: "submit" },
  checkers: {
    submit: submitOutcome("proxy-submit", "accepted", "john"),
  },
});
