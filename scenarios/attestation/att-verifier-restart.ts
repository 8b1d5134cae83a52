import { appState, appraisals, attestFault, defineScenario, verifierRestart, verifierRestarted } from "../../harness/index.ts";
import { DRIVER_ENFORCEMENT_OFF, ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// The verifier restarts (--state-dir) between two jobs. Its policy, audit chain and used-nonce record survive: evidence
// from before the restart, replayed after it, is refused as a used nonce; the next job attests normally against the
// policy the verifier kept (nothing is put back). The replay job runs with the driver's own nonce binding off, so
// that only the verifier's memory stands between the replay and the executor.
export default defineScenario({
  name: "attestation/att-verifier-restart",
  description: "the verifier restarts between jobs; its policy, audit chain and used nonces survive (a nonce used before the restart is still refused)",
  topology: ONE_NODE,
  ...attested(),
  workload: [
    attestedPi("first"),
    verifierRestart({ id: "restart", state: "durable" }),
    attestFault({ id: "replay", node: "nm-1", faults: { replayEvidence: true } }),
    attestedPi("replayed", { ...failureLimit(1), ...DRIVER_ENFORCEMENT_OFF }),
    attestFault({ id: "replay-off", node: "nm-1", faults: { replayEvidence: false } }),
    attestedPi("second"),
  ],
  finding: { kind: "defended", control: "attestation/att-verifier-restart-control", evidence: "replayed" },
  checkers: {
    first: appraisals("first", "all-affirming"),
    state: verifierRestarted("restart", "state-kept"),
    replayed: appraisals("replayed", "refused", { reason: "was already used" }),
    replayApp: appState("FINISHED", "FAILED", { steps: ["replayed"], diagnosticsContains: "Max number of executor failures (1) reached" }),
    second: appraisals("second", "all-affirming"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["first", "second"] }),
  },
});
