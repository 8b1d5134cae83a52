import { defineScenario, mitmTamper, tamperOutcome } from "../../harness/index.ts";

// wire-ctr-tamper under AES/GCM (spark.network.crypto.cipher=AES/GCM/NoPadding): the same man-in-the-middle and
// the same flipped bit; the driver's GCM decryption fails its tag check and closes the connection.
export default defineScenario({
  name: "wire/wire-ctr-tamper-gcm",
  description: "auth-gcm profile: the same bit flip in executor→driver traffic fails GCM's tag check (AEADBadTagException) and the connection is closed",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "auth-gcm",
  workload: [mitmTamper({ tenant: "alice" })],
  finding: { kind: "defended", control: "wire/wire-ctr-tamper", evidence: "tamper" },
  checkers: { tamper: tamperOutcome("tamper", "detected") },
});
