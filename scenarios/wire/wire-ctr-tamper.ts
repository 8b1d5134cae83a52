import { defineScenario, mitmTamper, tamperOutcome } from "../../harness/index.ts";

// wire-ctr-tamper (seed 004 in docs/sources.md, CVE-2025-55039 class): executors reach the client-mode driver through a
// man-in-the-middle that flips one bit in each executor→driver connection after the plaintext auth handshake.
// AES/CTR has no integrity: the flipped bit arrives in the plaintext ("endpoint-verifier" becomes
// "Endpoint-verifier" in the driver's answer) and no layer notices. Weakness and control at once: the same proxy
// is detected under AES/GCM (wire/wire-ctr-tamper-gcm) and TLS (wire/wire-ctr-tamper-tls).
export default defineScenario({
  name: "wire/wire-ctr-tamper",
  description: "auth-ctr profile: a bit flipped by a man-in-the-middle in executor→driver traffic is not detected; the altered plaintext reaches Spark",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "auth-ctr",
  workload: [mitmTamper({ tenant: "alice" })],
  finding: {
    kind: "vulnerable",
    evidence: "tamper",
    fix: "AES/GCM for Spark's network crypto (spark.network.crypto.cipher=AES/GCM/NoPadding) or TLS for RPC (spark.ssl.rpc.enabled): both detect the flip (wire-ctr-tamper-gcm, wire-ctr-tamper-tls)",
  },
  checkers: { tamper: tamperOutcome("tamper", "undetected") },
});
