import { appState, defineScenario, driverTarget, rogueOutcome, rogueRpcClient } from "../../harness/index.ts";

// ten-shared-secret (seed 004 in docs/sources.md). Spark 4 on YARN will not let apps share one auth secret by configuration: a
// secret file is refused ("Secret keys provided via files is only allowed in Kubernetes mode"), so every app gets
// its own. The secret still ends up shared when it leaks: on this cluster (DefaultContainerExecutor, one shared
// NodeManager) bob's YARN container reads the container_tokens of alice's AM, takes the app's sparkCookie, and
// bob's process then authenticates to alice's driver with Spark's own SASL client — and is served (vulnerable).
// Fixes: LinuxContainerExecutor (tenants' containers isolated), Kerberos + privacy on YARN RPC (wire-yarn-secret).
// Contrast: tenancy/ten-shared-secret-control, where bob holds only a secret of his own and is refused.
export default defineScenario({
  name: "tenancy/ten-shared-secret",
  description: "vulnerable: alice's per-app secret, read by bob's YARN container from her AM's container_tokens on the shared NodeManager, lets bob's process into her driver",
  suites: ["default", "tenancy"],
  topology: { nodeManagers: 1, tenants: ["alice", "bob"] },
  security: "auth",
  workload: [driverTarget({ tenant: "alice" }), rogueRpcClient({ target: "driver", secret: "stolen", actor: "bob" })],
  finding: {
    kind: "vulnerable",
    control: "tenancy/ten-shared-secret-control",
    evidence: "rogue",
    fix: "LinuxContainerExecutor, so a tenant's container cannot read another's container_tokens; Kerberos with hadoop.rpc.protection=privacy on YARN RPC (wire-yarn-secret)",
  },
  checkers: {
    rogue: rogueOutcome("rogue", "accepted"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["driver"] }),
  },
});
