import { appState, defineScenario, driverOutputMatches, shuffleJob } from "../../harness/index.ts";

// The shuffle job moves 8 MB through a real shuffle between executors on two NodeManagers;
// every record carries the canary that the wire checks look for.
export default defineScenario({
  name: "cluster/shuffle-canary",
  description: "shuffle job as alice: 8 MB across the shuffle, every record tagged with a canary; the driver reports all 8192 records",
  suites: ["default"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "plain",
  workload: [shuffleJob({ tenant: "alice", megabytes: 8, canary: "SHIELDLAB-CANARY-7f3a", deployMode: "client" })],
  finding: { kind: "baseline", evidence: "records" },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    records: driverOutputMatches(/^shuffled 8192 records, 8388608 bytes, canary SHIELDLAB-CANARY-7f3a$/),
  },
});
