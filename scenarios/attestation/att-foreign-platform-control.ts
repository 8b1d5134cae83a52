import { appState, attestFault, defineScenario } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-foreign-platform: the verifier's "endorsement" check switched off; the same evidence is accepted.
export default defineScenario({
  name: "attestation/att-foreign-platform-control",
  description: "control: platform token signed by a key the verifier does not endorse, with the verifier's endorsement check off; executors are accepted and the job succeeds",
  topology: TWO_NODES,
  ...attested({ disable: ["endorsement"] }),
  workload: [attestFault({ node: "nm-1", faults: { foreignPlatformKey: true } }), attestFault({ node: "nm-2", faults: { foreignPlatformKey: true } }), attestedPi("pi", failureLimit(2))],
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
