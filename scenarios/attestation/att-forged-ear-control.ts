import { appState, attestFault, defineScenario, executorLog, relyingParty } from "../../harness/index.ts";
import { DRIVER_SIGNATURE_CHECK_OFF, ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-forged-ear: the driver's signature check is off (test-only); the same forged EAR is accepted.
export default defineScenario({
  name: "attestation/att-forged-ear-control",
  description: "control: the same forged EAR with the driver's signature check off; it is accepted and the job succeeds",
  topology: ONE_NODE,
  ...attested(),
  workload: [attestFault({ node: "nm-1", faults: { forgeEar: true } }), attestedPi("forged", { ...failureLimit(1), ...DRIVER_SIGNATURE_CHECK_OFF })],
  finding: { kind: "control", evidence: "accepted" },
  checkers: {
    forged: executorLog("forged", "fault forgeEar", "present"),
    accepted: relyingParty("forged", "verified", "signature NOT checked"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["forged"] }),
  },
});
