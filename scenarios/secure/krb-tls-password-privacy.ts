import { appState, defineScenario, generatedSecretOnWire, sparkPi, yarnRpcProtection } from "../../harness/index.ts";

// krb-tls-password-privacy — the fix of wire/wire-tls-password-sniff, shown working: on a Kerberized cluster with
// hadoop.rpc.protection=privacy every YARN RPC call (container launches AM → NodeManager included) is inside SASL
// WRAP frames, so Spark's RPC keystore password is in no capture although the same launches were captured.
// Control: wire/wire-tls-password-sniff (plain YARN RPC: the same scan finds the password).
export default defineScenario({
  name: "secure/krb-tls-password-privacy",
  description: "Kerberos + hadoop.rpc.protection=privacy with tls-rpc: the container launches are SASL-wrapped and Spark's RPC keystore password is in no capture",
  suites: ["default", "secure"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob", "john"] },
  security: { profile: "tls-rpc", kerberos: { rpcProtection: "privacy" } },
  capture: { nodes: ["rm", "nm-1", "nm-2"] },
  workload: [sparkPi({ tenant: "alice" })],
  finding: {
    kind: "defended",
    control: "wire/wire-tls-password-sniff",
    evidence: "password",
    fix: "keep hadoop.rpc.protection=privacy on every node of a Kerberized cluster that runs Spark with TLS RPC",
  },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    wrapped: yarnRpcProtection("wrapped"),
    password: generatedSecretOnWire("keystore-password", "absent"),
  },
});
