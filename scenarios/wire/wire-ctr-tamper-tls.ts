import { defineScenario, mitmTamper, tamperOutcome } from "../../harness/index.ts";

// wire-ctr-tamper under Spark 4's TLS for RPC: the man-in-the-middle flips a bit inside the first application_data
// record an executor sends; the driver's TLS layer rejects the record (bad_record_mac) and the connection fails.
export default defineScenario({
  name: "wire/wire-ctr-tamper-tls",
  description: "tls-rpc profile: a bit flipped inside a TLS application_data record from an executor is rejected (bad_record_mac) and the connection is closed",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "tls-rpc",
  workload: [mitmTamper({ tenant: "alice" })],
  finding: { kind: "defended", control: "wire/wire-ctr-tamper", evidence: "tamper" },
  checkers: { tamper: tamperOutcome("tamper", "detected") },
});
