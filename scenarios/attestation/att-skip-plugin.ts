import { appraisals, attestFault, defineScenario, driverOutputLacks, executorLog, relyingParty } from "../../harness/index.ts";
import { ONE_NODE, attested, sealedJob } from "../../fixtures/attestation/attested-pi.ts";

// Every executor on nm-1 skips its plugin (as a tampered executor whose own configuration switched attestation off):
// it asks for no challenge and presents no EAR. Spark still schedules tasks on it (no plugin API can stop that in
// time); the driver refuses it when its first task starts and never releases the job's data key to it, so its tasks
// fail and no plaintext of the sealed input is ever produced.
export default defineScenario({
  name: "attestation/att-skip-plugin",
  description: "an executor skips the attestation plugin; the driver (relying party) refuses it and withholds the data key: none of its tasks sees plaintext",
  topology: ONE_NODE,
  ...attested(),
  workload: [attestFault({ node: "nm-1", faults: { skipAttestation: true } }), sealedJob("sealed")],
  finding: { kind: "defended", control: "attestation/att-skip-plugin-control", evidence: "refused" },
  checkers: {
    skipped: executorLog("sealed", "disabled \\(fault skipAttestation", "present"),
    refused: relyingParty("sealed", "refused", "reason=no-ear"),
    withheld: executorLog("sealed", "shieldlab-rp data key withheld", "present"),
    noPlaintext: driverOutputLacks("sealed-input: decrypted", ["sealed"]),
    audit: appraisals("sealed", "none"),
  },
});
