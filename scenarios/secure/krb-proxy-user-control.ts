import { daemonKeytabLogins, defineScenario, kerberosLogin, proxyGrant, rmLogLine, sparkPi, submitOutcome } from "../../harness/index.ts";

// Control of secure/krb-proxy-user, on the same cluster: the administrator grants bob the right to act for john
// (hadoop.proxyuser.bob.hosts=*, hadoop.proxyuser.bob.users=john in the RM's core-site.xml, then `yarn rmadmin
// -refreshSuperUserGroupsConfiguration`); the same submit runs, as john. The grant is taken back after the scenario.
export default defineScenario({
  name: "secure/krb-proxy-user-control",
  description: "control: once the administrator grants hadoop.proxyuser.bob.users=john (rmadmin refresh), the same --proxy-user submit runs as john",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "plain", kerberos: {} },
  workload: [proxyGrant({ user: "bob", users: ["john"] }), kerberosLogin({ tenant: "bob" }), sparkPi({ id: "proxy-submit", tenant: "bob", proxyUser: "john", kerberos: "ticket-cache", timeoutSeconds: 180 })],
  finding: { kind: "control", evidence: "submit" },
  checkers: {
    submit: submitOutcome("proxy-submit", "accepted", "john"),
    // the grant took effect in the RM: it authorised john via bob
    rm: rmLogLine("proxy-submit", /Authorization successful for john \(auth:PROXY\) via bob@[A-Z0-9.-]+/),
    daemons: daemonKeytabLogins(),
  },
});
