import { appState, defineScenario, uiTarget, uiTlsOutcome } from "../../harness/index.ts";

// wire-ui-tls (seed 004 in docs/sources.md): spark.ssl.ui with the keystore the harness generates — the driver's UI serves its REST
// API over HTTPS only; its plain-HTTP port only redirects to https://. Control: wire/wire-ui-tls-control.
export default defineScenario({
  name: "wire/wire-ui-tls",
  description: "ui-tls profile: the driver UI's REST API answers over HTTPS (port 4440); plain HTTP on 4040 only redirects to https://",
  suites: ["default", "wire"],
  topology: { nodeManagers: 2, tenants: ["alice"] },
  security: "ui-tls",
  workload: [uiTarget({ tenant: "alice" }), { kind: "ui-probe", id: "ui", target: "driver" }],
  finding: { kind: "defended", control: "wire/wire-ui-tls-control", evidence: "ui" },
  checkers: {
    ui: uiTlsOutcome("ui", "https-only"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["driver"] }),
  },
});
