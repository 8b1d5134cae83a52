import { appState, defineScenario, piWithin, sparkPi } from "../../harness/index.ts";

// The foundation check: real Spark Pi on real YARN as tenant alice, in both deploy modes.
export default defineScenario({
  name: "cluster/pi-deploy-modes",
  description: "spark-submit of Pi as alice in client and cluster mode; the RM reports FINISHED/SUCCEEDED and the estimate is within 0.01 of π",
  suites: ["default", "smoke", "matrix"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "plain",
  workload: [
    sparkPi({ tenant: "alice", deployMode: "client" }),
    sparkPi({ tenant: "alice", deployMode: "cluster" }),
  ],
  finding: { kind: "baseline", evidence: "estimate" },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    estimate: piWithin(0.01),
  },
});
