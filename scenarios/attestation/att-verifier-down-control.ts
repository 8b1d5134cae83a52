import { appState, defineScenario, executorLog, verifierOutage } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-verifier-down: a fail-open plugin (test-only setting) lets unattested executors run.
export default defineScenario({
  name: "attestation/att-verifier-down-control",
  description: "control: the verifier is unreachable and the plugin is set to fail open (test-only); executors start unattested and the job succeeds",
  topology: TWO_NODES,
  ...attested(),
  workload: [verifierOutage(), attestedPi("pi", { ...failureLimit(1), "spark.remote.attestation.failOpen": "true" })],
  finding: { kind: "control", evidence: "warning" },
  checkers: {
    warning: executorLog("pi", "[Ff]ail.?[Oo]pen", "present"),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
