import { canaryOnWire, defineScenario, driverOutputMatches, standaloneSubmit, streamEntropy } from "../../harness/index.ts";
import { WIRE_CANARY } from "../../fixtures/wire/canary-shuffle.ts";
import { standaloneCanaryShuffle, standaloneWireCapture } from "../../fixtures/standalone/canary-shuffle.ts";

// The same shuffle on a standalone cluster with spark.authenticate and AES/GCM RPC encryption (the cluster's one
// secret keys the handshake): no canary on the wire, every large Spark stream near 8 bits/byte.
export default defineScenario({
  name: "standalone/sa-wire-gcm",
  description: "standalone, auth-gcm profile: the same capture finds no canary, and every large Spark stream is near 8 bits/byte",
  suites: ["standalone"],
  topology: { manager: "standalone", workers: 2, tenants: ["alice"] },
  security: "auth-gcm",
  capture: standaloneWireCapture,
  workload: [standaloneSubmit(standaloneCanaryShuffle)],
  finding: { kind: "defended", control: "standalone/sa-wire-plain", evidence: "canary" },
  checkers: {
    records: driverOutputMatches(/^shuffled 8192 records/, ["shuffle"]),
    canary: canaryOnWire(WIRE_CANARY, "absent"),
    entropy: streamEntropy("high"),
  },
});
