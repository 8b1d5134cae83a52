import { appState, defineScenario, executorFailures, tamperFile } from "../../harness/index.ts";
import { TWO_EXECUTORS, TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// The second half of the att-retry-limit row: a clean second node and a higher limit let the job finish.
export default defineScenario({
  name: "attestation/att-retry-limit-clean-node",
  description: "nm-1 tampered, nm-2 clean, failure limit 10: executors refused on nm-1 are replaced until the clean node runs the job; it succeeds",
  topology: TWO_NODES,
  ...attested(),
  workload: [tamperFile({ node: "nm-1" }), attestedPi("pi", { ...failureLimit(10), ...TWO_EXECUTORS })],
  finding: { kind: "baseline", evidence: "cleanNode" },
  checkers: {
    cleanNode: executorFailures("pi", { exactly: 0, node: "nm-2" }),
    limit: executorFailures("pi", { atMost: 9 }),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
