import { appState, appraisals, attestFault, defineScenario } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-foreign-platform: the verifier's "endorsement" check switched off; the same evidence is accepted,
// and every appraisal records that endorsement would have refused it (the foreign key was really there).
export default defineScenario({
  name: "attestation/att-foreign-platform-control",
  description: "control: platform token signed by a key the verifier does not endorse, with the verifier's endorsement check off; executors are accepted and the job succeeds",
  topology: TWO_NODES,
  ...attested({ disable: ["endorsement"] }),
  workload: [attestFault({ node: "nm-1", faults: { foreignPlatformKey: true } }), attestFault({ node: "nm-2", faults: { foreignPlatformKey: true } }), attestedPi("pi", failureLimit(1))],
  finding: { kind: "control", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "affirming-despite-fault", { skipped: "endorsement", fault: "not signed by any of the \\d+ endorsed platform key" }),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
