import { appState, defineScenario, generatedSecretOnWire, sparkPi, yarnRpcProtection } from "../../harness/index.ts";

// wire-tls-password-sniff — a documented weakness of Spark's TLS for RPC on YARN without RPC privacy: the executors'
// ContainerLaunchContext carries the RPC keystore's passwords (_SPARK_SSL_RPC_KEY_STORE_PASSWORD and the key and
// trust-store ones) in its environment, and the AM sends it to each NodeManager over plain YARN RPC (port 8041).
// Whoever can sniff that port gets the password of the keystore that protects every Spark RPC stream.
// Control: secure/krb-tls-password-privacy, the same job on a Kerberized cluster with hadoop.rpc.protection=privacy,
// where the same scan over the same kind of capture finds no password — so the scan can say "absent".
export default defineScenario({
  name: "wire/wire-tls-password-sniff",
  description: "documented weakness: with tls-rpc on simple-auth YARN, Spark's RPC keystore password is readable in the captured container launches (AM → NodeManager :8041); fix: Kerberos + hadoop.rpc.protection=privacy",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "tls-rpc",
  capture: { nodes: ["rm", "nm-1", "nm-2"] },
  workload: [sparkPi({ tenant: "alice" })],
  finding: {
    kind: "documented-weakness",
    control: "secure/krb-tls-password-privacy",
    evidence: "password",
    fix: "Kerberos with hadoop.rpc.protection=privacy (SASL-encrypted YARN RPC), so the container launch context and the passwords in it are encrypted",
  },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    clear: yarnRpcProtection("clear"),
    password: generatedSecretOnWire("keystore-password", "present"),
  },
});
