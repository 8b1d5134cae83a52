import { appState, defineScenario, driverTarget, rogueOutcome, rogueRpcClient } from "../../harness/index.ts";

// ten-rogue-executor (seed 002 in docs/sources.md): a process without the app's secret opens Spark RPC to a running driver and sends a
// request in Spark's own transport framing. Under spark.authenticate the driver refuses it before dispatch.
// Its control is tenancy/ten-rogue-executor-control (no authentication: the driver dispatches it).
export default defineScenario({
  name: "tenancy/ten-rogue-executor",
  description: "spark.authenticate on: a rogue client's RpcRequest to the driver is refused (SASL expected), the driver logs why, and the job still succeeds",
  suites: ["default", "tenancy", "matrix"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "auth",
  workload: [driverTarget({ tenant: "alice" }), rogueRpcClient({ target: "driver" })],
  finding: { kind: "defended", control: "tenancy/ten-rogue-executor-control", evidence: "rogue" },
  checkers: {
    rogue: rogueOutcome("rogue", "refused"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["driver"] }),
  },
});
