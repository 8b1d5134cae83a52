import { appState, attestFault, defineScenario, executorLog, relyingParty } from "../../harness/index.ts";
import { ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// The node is clean and the verifier affirms it, but the executor's agent hands the driver a forged EAR instead: the
// verifier's claims made affirming, signed by a fresh key under the verifier's kid. The driver's ES256 check fails,
// it refuses the executor, the executor exits; YARN gives up after two.
export default defineScenario({
  name: "attestation/att-forged-ear",
  description: "an executor presents an EAR signed by a key that is not the verifier's; the driver refuses it",
  topology: ONE_NODE,
  ...attested(),
  workload: [attestFault({ node: "nm-1", faults: { forgeEar: true } }), attestedPi("forged", failureLimit(1))],
  finding: { kind: "defended", control: "attestation/att-forged-ear-control", evidence: "refused" },
  checkers: {
    forged: executorLog("forged", "fault forgeEar", "present"),
    refused: relyingParty("forged", "refused", "reason=signature"),
    executor: executorLog("forged", "driver REFUSED the EAR: signature", "present"),
    app: appState("FINISHED", "FAILED", { steps: ["forged"], diagnosticsContains: "Max number of executor failures (1) reached" }),
  },
});
