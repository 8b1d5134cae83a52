import { appState, appraisals, defineScenario, executorFailures, tamperFile } from "../../harness/index.ts";
import { ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

export default defineScenario({
  name: "attestation/att-tampered-jar",
  description:
    "Spark's core jar (owned by the attest user, measured by IMA when the executor opens it) changed on the NodeManager: " +
    "the verifier refuses the executor, and with one allowed executor failure YARN fails the app",
  topology: ONE_NODE,
  ...attested(),
  workload: [tamperFile({ node: "nm-1" }), attestedPi("pi", failureLimit(1))],
  finding: { kind: "defended", control: "attestation/att-tampered-jar-control", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "refused", { reason: "spark-core", node: "nm-1" }),
    failures: executorFailures("pi", { atLeast: 1 }),
    app: appState("FINISHED", "FAILED", { diagnosticsContains: "Max number of executor failures (1) reached" }),
  },
});
