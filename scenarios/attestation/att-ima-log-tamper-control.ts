import { appState, appraisals, attestFault, defineScenario } from "../../harness/index.ts";
import { TWO_EXECUTORS, TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-ima-log-tamper: without the replay check the doctored logs pass (every entry is still allowed);
// every appraisal records that the replay check would have refused its log (the doctoring was really there).
export default defineScenario({
  name: "attestation/att-ima-log-tamper-control",
  description: "control: the same truncated/reordered IMA logs with the verifier's replay check off; they are accepted and the job succeeds",
  topology: TWO_NODES,
  ...attested({ disable: ["imaReplay"] }),
  workload: [attestFault({ node: "nm-1", faults: { imaLog: "truncate" } }), attestFault({ node: "nm-2", faults: { imaLog: "reorder" } }), attestedPi("pi", { ...failureLimit(2), ...TWO_EXECUTORS })],
  finding: { kind: "control", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "affirming-despite-fault", { skipped: "imaReplay", fault: "log does not replay to REM\\[0\\]" }),
    app: appState("FINISHED", "SUCCEEDED"),
  },
});
