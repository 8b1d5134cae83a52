import { appState, defineScenario, tasksAttested } from "../../harness/index.ts";
import { ATTESTATION_OFF, TWO_NODES, attested, attestedPi } from "../../fixtures/attestation/attested-pi.ts";
import { DYNAMIC_ALLOCATION } from "../../fixtures/attestation/dynamic-allocation.ts";

// Control of att-liveness: with attestation off the same added executors run tasks unappraised — the checker sees it.
export default defineScenario({
  name: "attestation/att-liveness-control",
  description: "control: the same job with attestation disabled; executors run tasks without any appraisal, and the liveness check reports them",
  topology: TWO_NODES,
  ...attested(),
  workload: [attestedPi("pi", { ...DYNAMIC_ALLOCATION, ...ATTESTATION_OFF }, { args: ["24", "20000000"] })],
  finding: { kind: "control", evidence: "unattested" },
  checkers: {
    unattested: tasksAttested("pi", 2, "unattested-ran"),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
