import { appState, appraisals, attestFault, defineScenario } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-rim-mismatch: the verifier's "rim" check switched off; the same evidence is accepted,
// and every appraisal records that the rim check would have refused the 5a… RIM (the fault was really there).
export default defineScenario({
  name: "attestation/att-rim-mismatch-control",
  description: "control: a realm initial measurement (RIM) that is not in the reference values, with the verifier's rim check off; executors are accepted and the job succeeds",
  topology: TWO_NODES,
  ...attested({ disable: ["rim"] }),
  workload: [attestFault({ node: "nm-1", faults: { rimOverrideHex: "5a".repeat(32) } }), attestFault({ node: "nm-2", faults: { rimOverrideHex: "5a".repeat(32) } }), attestedPi("pi", failureLimit(1))],
  finding: { kind: "control", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "affirming-despite-fault", { skipped: "rim", fault: "RIM (5a){32} is not among the \\d+ reference RIM" }),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
