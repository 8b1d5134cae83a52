import { appState, defineScenario, driverTarget, rogueOutcome, rogueRpcClient } from "../../harness/index.ts";

// Contrast for tenancy/ten-shared-secret: with YARN's per-app secrets (spark.authenticate, no secret file) bob's
// process holds only a secret of its own; the same SASL client is refused by alice's driver.
export default defineScenario({
  name: "tenancy/ten-shared-secret-control",
  description: "per-app secrets (YARN default): bob's process, holding only its own app's secret, is refused by alice's driver",
  suites: ["default", "tenancy"],
  // the attack's cluster (one shared NodeManager): only the secret bob holds differs
  topology: { nodeManagers: 1, tenants: ["alice", "bob"] },
  security: "auth",
  workload: [driverTarget({ tenant: "alice" }), rogueRpcClient({ target: "driver", secret: "own", actor: "bob" })],
  finding: { kind: "defended", control: "tenancy/ten-shared-secret", evidence: "rogue" },
  checkers: {
    rogue: rogueOutcome("rogue", "refused"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["driver"] }),
  },
});
