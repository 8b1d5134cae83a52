import { appState, appraisals, attestFault, defineScenario } from "../../harness/index.ts";
import { TWO_EXECUTORS, TWO_NODES, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

export default defineScenario({
  name: "attestation/att-ima-log-tamper",
  description: "the IMA log handed to the verifier is truncated (nm-1) or reordered (nm-2), so it no longer replays to REM[0]: every executor is refused",
  topology: TWO_NODES,
  ...attested(),
  workload: [attestFault({ node: "nm-1", faults: { imaLog: "truncate" } }), attestFault({ node: "nm-2", faults: { imaLog: "reorder" } }), attestedPi("pi", { ...failureLimit(2), ...TWO_EXECUTORS })],
  finding: { kind: "defended", control: "attestation/att-ima-log-tamper-control", evidence: "appraisals" },
  checkers: {
    appraisals: appraisals("pi", "refused", { reason: "REM|replay" }),
    app: appState("FINISHED", "FAILED", { diagnosticsContains: "Max number of executor failures (2) reached" }),
  },
});
