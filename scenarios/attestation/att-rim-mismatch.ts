import { appState, appraisals, attestFault, defineScenario } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

export default defineScenario({
  name: "attestation/att-rim-mismatch",
  description: "the realm reports an initial measurement that is not in the reference values on both NodeManagers: every executor is refused and the app FAILS",
  topology: TWO_NODES,
  ...attested(),
  workload: [attestFault({ node: "nm-1", faults: { rimOverrideHex: "5a".repeat(32) } }), attestFault({ node: "nm-2", faults: { rimOverrideHex: "5a".repeat(32) } }), attestedPi("pi", failureLimit(1))],
  finding: { kind: "defended", control: "attestation/att-rim-mismatch-control", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "refused", { reason: "RIM" }),
    app: appState("FINISHED", "FAILED", { diagnosticsContains: "Max number of executor failures (1) reached" }),
  },
});
