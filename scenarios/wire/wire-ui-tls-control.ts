import { appState, defineScenario, uiTarget, uiTlsOutcome } from "../../harness/index.ts";

// Control for wire/wire-ui-tls: without spark.ssl.ui the same probe gets the UI's JSON in plain HTTP and no TLS.
export default defineScenario({
  name: "wire/wire-ui-tls-control",
  description: "control: no UI TLS; the driver UI's REST API answers in plain HTTP and nothing speaks TLS on 4440",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "plain",
  workload: [uiTarget({ tenant: "alice" }), { kind: "ui-probe", id: "ui", target: "driver" }],
  finding: { kind: "control", evidence: "ui" },
  checkers: {
    ui: uiTlsOutcome("ui", "plain-http"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["driver"] }),
  },
});
