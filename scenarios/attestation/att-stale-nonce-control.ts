import { appState, appraisals, attestFault, defineScenario } from "../../harness/index.ts";
import { DRIVER_ENFORCEMENT_OFF, ONE_NODE, attested, attestedPi, failureLimit } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-stale-nonce: the verifier's freshness check switched off; the replayed evidence is accepted,
// and every appraisal of the second job records that freshness would have refused its nonce (it was replayed). The
// driver's own nonce binding is off too: it would refuse the replayed EAR by itself (its nonce is not the one the
// driver bound to the executor), and this control is about the verifier's check alone.
export default defineScenario({
  name: "attestation/att-stale-nonce-control",
  description: "control: the same replay with the verifier's freshness check off; the old evidence is accepted and the job succeeds",
  topology: ONE_NODE,
  ...attested({ disable: ["freshness"] }),
  workload: [attestedPi("first"), attestFault({ node: "nm-1", faults: { replayEvidence: true } }), attestedPi("replayed", { ...failureLimit(1), ...DRIVER_ENFORCEMENT_OFF })],
  finding: { kind: "control", evidence: "appraisals" },
  checkers: {
    first: appraisals("first", "all-affirming"),
    appraisals: appraisals("replayed", "affirming-despite-fault", { skipped: "freshness", fault: "nonce [0-9a-f]+… (was already used|has expired|was not issued by this verifier)" }),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["replayed"] }),
  },
});
