import { appState, canaryOnWire, defineScenario, driverOutputMatches, tlsOnWire } from "../../harness/index.ts";
import { WIRE_CANARY, canaryShuffle, wireCapture } from "../../fixtures/wire/canary-shuffle.ts";

// wire-tls (seed 004 in docs/sources.md): Spark 4's TLS for RPC (spark.ssl.rpc.enabled, SPARK-44937) with a keystore the harness
// generates. The same capture as wire/wire-plain (its control) sees only TLS records and no canary.
export default defineScenario({
  name: "wire/wire-tls",
  description: "tls-rpc profile: every Spark stream between driver and executors and between executors is TLS records; the canary is absent",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "tls-rpc",
  capture: wireCapture,
  workload: [canaryShuffle],
  finding: { kind: "defended", control: "wire/wire-plain", evidence: "tls" },
  checkers: {
    app: appState("FINISHED", "SUCCEEDED"),
    records: driverOutputMatches(/^shuffled 8192 records/),
    canary: canaryOnWire(WIRE_CANARY, "absent"),
    tls: tlsOnWire("tls"),
  },
});
