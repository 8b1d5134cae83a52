import { appState, daemonKeytabLogins, defineScenario, sparkPi, yarnRpcProtection, yarnSecretOnWire } from "../../harness/index.ts";

// krb-yarn-secret-privacy — the fix of wire/wire-yarn-secret, shown working: on a Kerberized cluster with
// hadoop.rpc.protection=privacy, YARN RPC (client → RM, AM → RM, NM → RM, AM → NM) negotiates SASL and sends every
// call inside WRAP frames (SASL auth-conf), so the app's sparkCookie credential is not on the wire.
// Control: secure/krb-yarn-secret-privacy-authentication — Kerberos with protection "authentication": calls in the clear.
export default defineScenario({
  name: "secure/krb-yarn-secret-privacy",
  description: "Kerberos + hadoop.rpc.protection=privacy: every captured YARN RPC call is SASL-wrapped and the app's sparkCookie is absent",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "auth", kerberos: { rpcProtection: "privacy" } },
  capture: { nodes: ["rm", "nm-1", "nm-2"] },
  workload: [sparkPi({ tenant: "alice", deployMode: "cluster" })],
  finding: {
    kind: "defended",
    control: "secure/krb-yarn-secret-privacy-authentication",
    evidence: "secret",
    fix: "keep hadoop.rpc.protection=privacy on every node of a Kerberized cluster",
  },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    wrapped: yarnRpcProtection("wrapped"),
    secret: yarnSecretOnWire("absent"),
    daemons: daemonKeytabLogins(),
  },
});
