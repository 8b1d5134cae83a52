import { appState, appraisals, attestFault, defineScenario } from "../../harness/index.ts";
import { ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// A first job leaves its evidence on the node; the second job's executors re-send it instead of answering a new challenge.
export default defineScenario({
  name: "attestation/att-stale-nonce",
  description: "evidence replayed from an earlier challenge (the RA-TLS client re-sends its previous certificate and log): the verifier refuses it as stale",
  topology: ONE_NODE,
  ...attested(),
  workload: [attestedPi("first"), attestFault({ node: "nm-1", faults: { replayEvidence: true } }), attestedPi("replayed", failureLimit(1))],
  finding: { kind: "defended", control: "attestation/att-stale-nonce-control", evidence: "replayed" },
  checkers: {
    first: appraisals("first", "all-affirming"),
    replayed: appraisals("replayed", "refused", { reason: "nonce|fresh" }),
    app: appState("FINISHED", "FAILED", { steps: ["replayed"], diagnosticsContains: "Max number of executor failures (1) reached" }),
  },
});
