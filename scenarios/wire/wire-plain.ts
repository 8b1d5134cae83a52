import { appState, canaryOnWire, defineScenario, driverOutputMatches, shuffleJob, streamEntropy, tlsOnWire } from "../../harness/index.ts";

// wire-plain (control for the wire checks, seed 001): without Spark authentication and encryption, the canary
// carried by every shuffle record is readable in the captured driver ↔ executor and shuffle traffic.
export default defineScenario({
  name: "wire/wire-plain",
  description: "control: plain profile; tcpdump sidecars on the gateway (driver) and both NodeManagers see the canary in Spark's payloads, low entropy, no TLS",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "plain",
  capture: { nodes: ["gateway", "nm-1", "nm-2"] },
  workload: [
    shuffleJob({
      tenant: "alice",
      megabytes: 8,
      canary: "SHIELDLAB-WIRE-CANARY-9c1e",
      // compression off in both wire scenarios, so entropy tells encryption apart from compression
      conf: { "spark.shuffle.compress": "false", "spark.broadcast.compress": "false", "spark.rdd.compress": "false" },
    }),
  ],
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    records: driverOutputMatches(/^shuffled 8192 records/),
    canary: canaryOnWire("SHIELDLAB-WIRE-CANARY-9c1e", "present"),
    entropy: streamEntropy("low"),
    // control for wire/wire-tls: no Spark stream is TLS here
    tls: tlsOnWire("none"),
  },
});
