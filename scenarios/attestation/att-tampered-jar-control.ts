import { appState, appraisals, defineScenario, executorFailures, tamperFile, tamperTookEffect } from "../../harness/index.ts";
import { ATTESTATION_OFF, ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-tampered-jar and att-retry-limit: the same tampered jar without attestation runs, unnoticed.
// The fault is shown to be there: the jar's hash changed, and an executor of this app opened the changed jar (the
// device measured its new digest on that open, naming the executor's container).
export default defineScenario({
  name: "attestation/att-tampered-jar-control",
  description: "control: the same tampered jar with attestation disabled; executors start on it and the job succeeds (no failed executor)",
  topology: ONE_NODE,
  ...attested(),
  workload: [tamperFile({ node: "nm-1" }), attestedPi("pi", { ...failureLimit(1), ...ATTESTATION_OFF })],
  finding: { kind: "control", evidence: "tampered" },
  checkers: {
    tampered: tamperTookEffect("tamper-nm-1", "pi"),
    appraisals: appraisals("pi", "none"),
    failures: executorFailures("pi", { exactly: 0 }),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
