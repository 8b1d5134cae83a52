import { appReportOutcome, appReportRead, appState, defineScenario, longPi } from "../../harness/index.ts";
import { dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// ten-app-report-leak: with YARN ACLs on, tim may still GET john's running app report from the RM REST API, but the
// RM leaves out what only someone with VIEW_APP access may see (AM container logs URL, AM host, start and elapsed
// time, running containers, allocated memory) — john, reading the same report, sees them. The victim is held, so the
// report is read while the app runs. Its control is tenancy/ten-app-report-leak-control: without ACLs tim sees all.
export default defineScenario({
  name: "tenancy/ten-app-report-leak",
  description: "YARN ACLs on: tim's GET of john's running app report withholds the fields AppInfo restricts to viewers (amContainerLogs, amHostHttpAddress, times, containers) that john sees",
  suites: ["default", "tenancy"],
  topology: dseTopology,
  security: "acls",
  workload: [longPi({ id: "john-pi", tenant: "john" }), appReportRead({ reader: "tim", target: "john-pi" })],
  finding: { kind: "defended", control: "tenancy/ten-app-report-leak-control", evidence: "report" },
  checkers: {
    report: appReportOutcome("report-by-tim", "withheld"),
    app: appState("FINISHED", "SUCCEEDED", { steps: ["john-pi"] }),
  },
});
