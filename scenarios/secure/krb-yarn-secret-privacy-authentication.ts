import { appState, daemonKeytabLogins, defineScenario, sparkPi, yarnRpcProtection, yarnSecretOnWire } from "../../harness/index.ts";

// Control of secure/krb-yarn-secret-privacy: Kerberos on, but hadoop.rpc.protection=authentication — SASL proves who
// connects and then every call crosses in the clear, with the app's sparkCookie readable in it.
export default defineScenario({
  name: "secure/krb-yarn-secret-privacy-authentication",
  description: "control: Kerberos with hadoop.rpc.protection=authentication — YARN RPC calls in the clear, the sparkCookie readable",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "auth", kerberos: { rpcProtection: "authentication" } },
  capture: { nodes: ["rm", "nm-1", "nm-2"] },
  workload: [sparkPi({ tenant: "alice", deployMode: "cluster" })],
  finding: { kind: "control", evidence: "secret" },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    clear: yarnRpcProtection("clear"),
    secret: yarnSecretOnWire("present"),
    daemons: daemonKeytabLogins(),
  },
});
