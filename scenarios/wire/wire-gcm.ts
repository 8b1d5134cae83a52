import { appState, canaryOnWire, defineScenario, driverOutputMatches, streamEntropy } from "../../harness/index.ts";
import { WIRE_CANARY, canaryShuffle, wireCapture } from "../../fixtures/wire/canary-shuffle.ts";

// wire-gcm (seed 004 in docs/sources.md): spark.authenticate + spark.network.crypto.enabled with AES/GCM — the same job and capture
// as wire/wire-plain (its control), but the canary is absent from every Spark stream and their entropy is high.
export default defineScenario({
  name: "wire/wire-gcm",
  description: "auth-gcm profile; the same capture as wire-plain finds no canary in Spark's payloads, and every large Spark stream is near 8 bits/byte",
  suites: ["default", "wire", "matrix"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "auth-gcm",
  capture: wireCapture,
  workload: [canaryShuffle],
  finding: { kind: "defended", control: "wire/wire-plain", evidence: "canary" },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    records: driverOutputMatches(/^shuffled 8192 records/),
    canary: canaryOnWire(WIRE_CANARY, "absent"),
    entropy: streamEntropy("high"),
  },
});
