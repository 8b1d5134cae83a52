import { appState, defineScenario, tasksAttested } from "../../harness/index.ts";
import { TWO_NODES, attested, attestedPi } from "../../fixtures/attestation/attested-pi.ts";
import { DYNAMIC_ALLOCATION } from "../../fixtures/attestation/dynamic-allocation.ts";

export default defineScenario({
  name: "attestation/att-liveness",
  description: "a longer job whose executors are added while it runs (dynamic allocation): every executor that ran a task has an affirming appraisal",
  topology: TWO_NODES,
  ...attested(),
  workload: [attestedPi("pi", DYNAMIC_ALLOCATION, { args: ["24", "20000000"] })],
  finding: { kind: "defended", control: "attestation/att-liveness-control", evidence: "attested" },
  checkers: {
    attested: tasksAttested("pi", 2, "all-attested"),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
