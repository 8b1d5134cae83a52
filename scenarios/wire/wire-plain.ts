import { appState, canaryOnWire, defineScenario, driverOutputMatches, streamEntropy, tlsOnWire } from "../../harness/index.ts";
import { WIRE_CANARY, canaryShuffle, wireCapture } from "../../fixtures/wire/canary-shuffle.ts";

// wire-plain (control for the wire checks, seed 001 in docs/sources.md): without Spark authentication and encryption, the canary
// carried by every shuffle record is readable in the captured driver ↔ executor and shuffle traffic.
export default defineScenario({
  name: "wire/wire-plain",
  description: "control: plain profile; tcpdump sidecars on the gateway (driver) and both NodeManagers see the canary in Spark's payloads, low entropy, no TLS",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "plain",
  capture: wireCapture,
  workload: [canaryShuffle],
  finding: { kind: "control", evidence: "canary" },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    records: driverOutputMatches(/^shuffled 8192 records/),
    canary: canaryOnWire(WIRE_CANARY, "present"),
    entropy: streamEntropy("low"),
    // control for wire/wire-tls: no Spark stream is TLS here
    tls: tlsOnWire("none"),
  },
});
