import { appState, appraisals, attestFault, defineScenario, driverOutputMatches, executorLog, relyingParty } from "../../harness/index.ts";
import { DRIVER_ENFORCEMENT_OFF, ONE_NODE, attested, sealedJob } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-skip-plugin: the driver's enforcement is off (no relying party, the data key travels with the job);
// the executors that skipped their plugin run every task unattested and decrypt the whole input.
export default defineScenario({
  name: "attestation/att-skip-plugin-control",
  description: "control: the same skipping executors with driver-side enforcement off; they run the tasks unattested and read the plaintext",
  topology: ONE_NODE,
  ...attested(),
  workload: [attestFault({ node: "nm-1", faults: { skipAttestation: true } }), sealedJob("sealed", DRIVER_ENFORCEMENT_OFF)],
  finding: { kind: "control", evidence: "unenforced" },
  checkers: {
    skipped: executorLog("sealed", "disabled \\(fault skipAttestation", "present"),
    unenforced: relyingParty("sealed", "unenforced"),
    plaintext: driverOutputMatches("sealed-input: decrypted (\\d+) of \\1 records", ["sealed"]),
    audit: appraisals("sealed", "none"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["sealed"] }),
  },
});
