import { appState, appraisals, defineScenario, executorLog, verifierOutage } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

export default defineScenario({
  name: "attestation/att-verifier-down",
  description: "the verifier is unreachable: the plugin fails closed, every executor is refused with the reason, and the app FAILS",
  topology: TWO_NODES,
  ...attested(),
  workload: [verifierOutage(), attestedPi("pi", failureLimit(1))],
  finding: { kind: "defended", control: "attestation/att-verifier-down-control", evidence: "reason" },
  checkers: {
    reason: executorLog("pi", "unreachable.*fail(ing)? closed|fail(ing)? closed.*unreachable", "present"),
    appraisals: appraisals("pi", "none"),
    app: appState("FINISHED", "FAILED", { diagnosticsContains: "Max number of executor failures (1) reached" }),
  },
});
