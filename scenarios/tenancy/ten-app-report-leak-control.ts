import { appReportOutcome, appReportRead, appState, defineScenario, longPi } from "../../harness/index.ts";
import { dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// Control for tenancy/ten-app-report-leak: with YARN ACLs off (yarn.acl.enable false) every user may view every app,
// so tim's GET of john's running app report shows the restricted fields too — the withholding there is the ACLs' doing.
export default defineScenario({
  name: "tenancy/ten-app-report-leak-control",
  description: "control: YARN ACLs off; tim's GET of john's running app report shows amContainerLogs, amHostHttpAddress, times and containers",
  suites: ["default", "tenancy"],
  topology: dseTopology,
  security: "plain",
  workload: [longPi({ id: "john-pi", tenant: "john" }), appReportRead({ reader: "tim", target: "john-pi" })],
  finding: { kind: "control", evidence: "report" },
  checkers: {
    report: appReportOutcome("report-by-tim", "visible"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["john-pi"] }),
  },
});
