import { appState, defineScenario, driverTarget, rogueOutcome, rogueRpcClient } from "../../harness/index.ts";

// Control for tenancy/ten-rogue-executor: without spark.authenticate the same rogue request is dispatched by the
// driver's RPC environment (it answers "Cannot find endpoint" for the made-up endpoint, after deserialising it).
export default defineScenario({
  name: "tenancy/ten-rogue-executor-control",
  description: "control: no authentication; the driver deserialises and dispatches the rogue client's RpcRequest",
  suites: ["default", "tenancy"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "plain",
  workload: [driverTarget({ tenant: "alice" }), rogueRpcClient({ target: "driver" })],
  finding: { kind: "control", evidence: "rogue" },
  checkers: {
    rogue: rogueOutcome("rogue", "accepted"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["driver"] }),
  },
});
