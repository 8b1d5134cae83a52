import { appState, appraisals, defineScenario } from "../../harness/index.ts";
import { ATTESTATION_OFF, TWO_EXECUTORS, TWO_NODES, attested, attestedPi } from "../../fixtures/attestation/attested-pi.ts";

// Control of attestation/att-ok: the same cluster and job with spark.remote.attestation.enable=false.
export default defineScenario({
  name: "attestation/att-off",
  description: "control of att-ok: attestation disabled; the job succeeds and the verifier appraises nothing",
  topology: TWO_NODES,
  ...attested(),
  workload: [attestedPi("pi", { ...ATTESTATION_OFF, ...TWO_EXECUTORS })],
  finding: { kind: "control", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "none"),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
