import { appState, appraisals, attestFault, defineScenario } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

export default defineScenario({
  name: "attestation/att-foreign-platform",
  description: "a platform token signed by a key that is not endorsed on both NodeManagers: every executor is refused and the app FAILS",
  topology: TWO_NODES,
  ...attested(),
  workload: [attestFault({ node: "nm-1", faults: { foreignPlatformKey: true } }), attestFault({ node: "nm-2", faults: { foreignPlatformKey: true } }), attestedPi("pi", failureLimit(1))],
  finding: { kind: "defended", control: "attestation/att-foreign-platform-control", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "refused", { reason: "endors" }),
    app: appState("FINISHED", "FAILED", { diagnosticsContains: "Max number of executor failures (1) reached" }),
  },
});
