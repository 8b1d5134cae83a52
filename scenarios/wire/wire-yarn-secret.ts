import { appState, defineScenario, sparkPi, yarnSecretOnWire } from "../../harness/index.ts";

// wire-yarn-secret — a documented weakness (seed 004 in docs/sources.md): on YARN, spark.authenticate's per-app secret travels in the
// app's Hadoop credentials (alias "sparkCookie") over YARN RPC — submitApplication to the RM, startContainers to
// the NodeManagers. Without Kerberos and hadoop.rpc.protection=privacy, that RPC is plaintext.
// Control: tenancy-free wire/wire-yarn-secret-control, where spark.authenticate is off and no secret exists.
export default defineScenario({
  name: "wire/wire-yarn-secret",
  description: "documented weakness (reported vulnerable): with spark.authenticate on simple-auth YARN, the app secret is readable in captured YARN RPC; fix: Kerberos + hadoop.rpc.protection=privacy",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "auth",
  capture: { nodes: ["rm", "nm-1", "nm-2"] },
  workload: [sparkPi({ tenant: "alice", deployMode: "cluster" })],
  finding: {
    kind: "documented-weakness",
    control: "wire/wire-yarn-secret-control",
    evidence: "secret",
    fix: "Kerberos with hadoop.rpc.protection=privacy, so YARN RPC (and the sparkCookie credential in it) is encrypted",
  },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    secret: yarnSecretOnWire("present"),
  },
});
