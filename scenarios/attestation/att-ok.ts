import { appState, appraisals, defineScenario, piWithin } from "../../harness/index.ts";
import { TWO_EXECUTORS, TWO_NODES, attested, attestedPi } from "../../fixtures/attestation/attested-pi.ts";

export default defineScenario({
  name: "attestation/att-ok",
  description: "clean images, IMA rule fowner=attest: every executor is appraised affirming by the verifier before it starts; the job succeeds",
  topology: TWO_NODES,
  ...attested(),
  suites: ["default", "attestation", "matrix"],
  workload: [attestedPi("pi", TWO_EXECUTORS)],
  finding: { kind: "defended", control: "attestation/att-off", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "all-affirming"),
    app: appState("FINISHED", "SUCCEEDED"),
    pi: piWithin(0.01),
  },
});
