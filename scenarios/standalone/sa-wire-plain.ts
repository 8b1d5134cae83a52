import { canaryOnWire, defineScenario, driverOutputMatches, standaloneSubmit, streamEntropy, tlsOnWire } from "../../harness/index.ts";
import { WIRE_CANARY } from "../../fixtures/wire/canary-shuffle.ts";
import { standaloneCanaryShuffle, standaloneWireCapture } from "../../fixtures/standalone/canary-shuffle.ts";

// The wire checks on a standalone cluster, control: without authentication or encryption the shuffle's canary crosses
// the bridge in the clear between the two workers' executors (and the driver on the gateway).
export default defineScenario({
  name: "standalone/sa-wire-plain",
  description: "control: standalone, plain profile; captures on the gateway and both workers see the canary, low entropy, no TLS",
  suites: ["standalone"],
  topology: { manager: "standalone", workers: 2, tenants: ["alice"] },
  security: "plain",
  capture: standaloneWireCapture,
  workload: [standaloneSubmit(standaloneCanaryShuffle)],
  finding: { kind: "control", evidence: "canary" },
  checkers: {
    records: driverOutputMatches(/^shuffled 8192 records/, ["shuffle"]),
    canary: canaryOnWire(WIRE_CANARY, "present"),
    entropy: streamEntropy("low"),
    tls: tlsOnWire("none"),
  },
});
