import { appState, appraisals, defineScenario, executorFailures, tamperFile } from "../../harness/index.ts";
import { ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// One executor at a time on the only (tampered) node: YARN replaces each refused executor until the limit.
export default defineScenario({
  name: "attestation/att-retry-limit",
  description: "tampered node, spark.yarn.max.executor.failures=3, one executor at a time: exactly 3 failed executor containers in YARN's logs, then the app FAILS",
  topology: ONE_NODE,
  ...attested(),
  workload: [tamperFile({ node: "nm-1" }), attestedPi("pi", failureLimit(3))],
  finding: { kind: "defended", control: "attestation/att-tampered-jar-control", evidence: "failures" },
  checkers: {
    failures: executorFailures("pi", { exactly: 3 }),
    appraisals: appraisals("pi", "refused", { reason: "spark-core" }),
    app: appState("FINISHED", "FAILED", { diagnosticsContains: "Max number of executor failures (3) reached" }),
  },
});
