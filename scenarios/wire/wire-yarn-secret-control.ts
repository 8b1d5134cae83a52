import { appState, defineScenario, sparkPi, yarnSecretOnWire } from "../../harness/index.ts";

// Control for wire/wire-yarn-secret: the same capture of the same job without spark.authenticate finds no
// sparkCookie credential in YARN RPC — so the sighting there is the secret, not something else.
export default defineScenario({
  name: "wire/wire-yarn-secret-control",
  description: "control: spark.authenticate off; the captured YARN RPC carries no sparkCookie credential",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "plain",
  capture: { nodes: ["rm", "nm-1", "nm-2"] },
  workload: [sparkPi({ tenant: "alice", deployMode: "cluster" })],
  finding: { kind: "control", evidence: "secret" },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    secret: yarnSecretOnWire("absent"),
  },
});
