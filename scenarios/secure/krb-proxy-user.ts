import { daemonKeytabLogins, defineScenario, kerberosLogin, rmLogLine, sparkPi, submitOutcome } from "../../harness/index.ts";

// krb-proxy-user — bob (with his own ticket) submits with --proxy-user john. No hadoop.proxyuser.bob.* grant exists, so
// the RM refuses to let bob act as john (AuthorizationException: "User: bob@… is not allowed to impersonate john").
// Control: secure/krb-proxy-user-control — with the grant hadoop.proxyuser.bob.users=john the app runs as john.
export default defineScenario({
  name: "secure/krb-proxy-user",
  description: "bob submits with --proxy-user john and no proxyuser grant: the RM refuses the impersonation",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "plain", kerberos: {} },
  workload: [kerberosLogin({ tenant: "bob" }), sparkPi({ id: "proxy-submit", tenant: "bob", proxyUser: "john", kerberos: "ticket-cache", timeoutSeconds: 120 })],
  finding: {
    kind: "defended",
    control: "secure/krb-proxy-user-control",
    evidence: "submit",
    fix: "grant hadoop.proxyuser.<user>.{hosts,users,groups} only to services that must impersonate, and only for the users they serve",
  },
  checkers: {
    // the RM's RemoteException, relayed by the client, and the RM's own log line for the refused connection
    submit: submitOutcome("proxy-submit", "refused", /AuthorizationException: User: bob@[A-Z0-9.-]+ is not allowed to impersonate john/),
    rm: rmLogLine("proxy-submit", /is unauthorized for user john \(auth:PROXY\) via bob@[A-Z0-9.-]+/),
    daemons: daemonKeytabLogins(),
  },
});
