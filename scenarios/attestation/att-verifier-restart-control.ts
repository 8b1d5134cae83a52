import { appState, appraisals, attestFault, defineScenario, executorLog, verifierRestart, verifierRestarted } from "../../harness/index.ts";
import { DRIVER_ENFORCEMENT_OFF, ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-verifier-restart: the verifier comes back with --key-dir only (same keys, state in memory): it has
// forgotten its used nonces (and its policy, which the harness PUTs again), so the evidence replayed from before the
// restart carries a nonce it still recognises as its own and unexpired (TTL 10 min), and is accepted.
export default defineScenario({
  name: "attestation/att-verifier-restart-control",
  description: "control: the verifier restarts with its state in memory only; evidence replayed from before the restart is accepted",
  topology: ONE_NODE,
  ...attested(),
  workload: [
    attestedPi("first"),
    verifierRestart({ id: "restart", state: "memory" }),
    attestFault({ id: "replay", node: "nm-1", faults: { replayEvidence: true } }),
    attestedPi("replayed", { ...failureLimit(1), ...DRIVER_ENFORCEMENT_OFF }),
    attestFault({ id: "replay-off", node: "nm-1", faults: { replayEvidence: false } }),
    attestedPi("second"),
  ],
  finding: { kind: "control", evidence: "replayed" },
  checkers: {
    first: appraisals("first", "all-affirming"),
    state: verifierRestarted("restart", "state-lost"),
    replay: executorLog("replayed", "re-sending saved evidence", "present"),
    replayed: appraisals("replayed", "all-affirming"),
    second: appraisals("second", "all-affirming"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["first", "replayed", "second"] }),
  },
});
