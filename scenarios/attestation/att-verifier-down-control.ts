import { appState, appraisals, defineScenario, executorLog, verifierOutage } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-verifier-down: a fail-open plugin (test-only setting) lets unattested executors run.
// The fault is shown to be there: the executor's plugin logged that it starts despite a failed attestation because
// the verifier was unreachable, and the verifier's audit log holds no appraisal of this app.
export default defineScenario({
  name: "attestation/att-verifier-down-control",
  description: "control: the verifier is unreachable and the plugin is set to fail open (test-only); executors start unattested and the job succeeds",
  topology: TWO_NODES,
  ...attested(),
  workload: [verifierOutage(), attestedPi("pi", { ...failureLimit(1), "spark.remote.attestation.failOpen": "true" })],
  finding: { kind: "control", evidence: "warning" },
  checkers: {
    warning: executorLog("pi", "STARTS DESPITE FAILED ATTESTATION because spark\\.remote\\.attestation\\.failOpen=true.*verifier unreachable", "present"),
    appraisals: appraisals("pi", "none"),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
