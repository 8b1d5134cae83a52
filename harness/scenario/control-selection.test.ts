import { describe, expect, it } from "vitest";
import { HarnessError } from "../errors/harness-error.ts";
import { loadManifest } from "../images/manifest.ts";
import { pairLabel } from "../images/version-pair.ts";
import { describeBrought, withControls } from "./control-selection.ts";
import { loadAllScenarios, selectLoaded, type LoadedScenarios } from "./scenario-loader.ts";
import { validateScenario, type Scenario, type ScenarioInput } from "./scenario-schema.ts";
import { groupByCluster } from "./suite-runner.ts";
import { expandRuns, matrixPairs, selectionFor } from "./version-runs.ts";

const mk = (name: string, suites: string[], extra: Partial<ScenarioInput> = {}): Scenario =>
  validateScenario(
    { name, description: name, suites, workload: [{ kind: "spark-submit", id: "pi-client", tenant: "alice", job: "pi" }], checkers: { app: { kind: "app-state", state: "FINISHED" } }, ...extra },
    name,
  );
const defended = (control: string | string[]): Partial<ScenarioInput> => ({ finding: { kind: "defended", control } });
const ctl: Partial<ScenarioInput> = { finding: { kind: "control" } };

const loaded: LoadedScenarios = {
  scenarios: [
    mk("tenancy/snoop", ["default", "tenancy"], defended(["tenancy/snoop-control", "tenancy/shared"])),
    mk("tenancy/snoop-control", ["tenancy"], ctl),
    mk("tenancy/shared", ["default", "tenancy"], { finding: { kind: "documented-weakness", fix: "f" } }),
    mk("wire/gcm", ["default", "wire", "matrix"], defended("wire/plain")),
    mk("wire/plain", ["default", "wire"], ctl),
    mk("wire/tls", ["wire"], defended("wire/plain")),
    mk("cve/fixed", ["cve"], { finding: { kind: "defended", control: "cve/fixed-setting" }, versions: { spark: "3.2.2" } }),
    // a control that is a finding of its own brings its own control too
    mk("cve/fixed-setting", ["cve-extra"], { finding: { kind: "defended", control: "cve/vulnerable" }, versions: { spark: "3.2.1" } }),
    mk("cve/vulnerable", ["cve-extra"], { finding: { kind: "vulnerable", fix: "upgrade" }, versions: { spark: "3.2.1" } }),
    mk("odd/attack", ["odd"], defended(["odd/gone", "odd/broken"])),
  ],
  failures: [{ name: "odd/broken", file: "scenarios/odd/broken.ts", error: new HarnessError("SCENARIO_LOAD_FAILED", "odd/broken.ts: broken") }],
};
const names = (sel: string[]): string[] => selectLoaded(loaded, sel).scenarios.map((s) => s.name);
const brought = (sel: string[]): string[] => selectLoaded(loaded, sel).brought.map(describeBrought);

describe("selecting an attack brings its controls along", () => {
  it("by name: the control right after its attack, and the console line says whose control it is", () => {
    expect(names(["tenancy/snoop"])).toEqual(["tenancy/snoop", "tenancy/snoop-control", "tenancy/shared"]);
    expect(brought(["tenancy/snoop"])).toEqual(["+ tenancy/snoop-control (control of snoop)", "+ tenancy/shared (control of snoop)"]);
  });

  it("by area and by suite; a control already selected is neither added twice nor announced", () => {
    expect(names(["wire/"])).toEqual(["wire/gcm", "wire/plain", "wire/tls"]);
    expect(brought(["wire/"])).toEqual([]);
    // @default has tenancy/shared and wire/plain already; only the control outside the suite comes along
    expect(names(["@default"])).toEqual(["tenancy/snoop", "tenancy/snoop-control", "tenancy/shared", "wire/gcm", "wire/plain"]);
    expect(brought(["@default"])).toEqual(["+ tenancy/snoop-control (control of snoop)"]);
    expect(names(["wire/tls", "wire/plain"])).toEqual(["wire/tls", "wire/plain"]);
  });

  it("follows a control that names a control of its own, across areas", () => {
    expect(names(["@cve"])).toEqual(["cve/fixed", "cve/fixed-setting", "cve/vulnerable"]);
    expect(brought(["@cve"])).toEqual(["+ cve/fixed-setting (control of fixed)", "+ cve/vulnerable (control of fixed-setting)"]);
    expect(describeBrought({ control: "tenancy/acl-control", of: "secure/krb-acl" })).toBe("+ tenancy/acl-control (control of secure/krb-acl)");
  });

  it("brings a control that does not load as its load failure, and names one no file defines", () => {
    const r = selectLoaded(loaded, ["odd/attack"]);
    expect(r.failures.map((f) => f.name)).toEqual(["odd/broken"]);
    expect(r.missing).toEqual([{ control: "odd/gone", of: "odd/attack" }]);
    expect(r.brought).toEqual([{ control: "odd/broken", of: "odd/attack" }]);
  });

  it("in a @matrix run the control runs on every pair of its attack, on the same cluster when it shares its key", () => {
    const m = loadManifest();
    const picked = selectLoaded(loaded, ["@matrix"]);
    expect(picked.scenarios.map((s) => s.name)).toEqual(["wire/gcm", "wire/plain"]);
    const runs = expandRuns(m, picked.scenarios, selectionFor(m, ["@matrix"], {})).runs.filter((r) => !r.blocked);
    const groups = [...groupByCluster(runs).values()];
    // one cluster per pair, the attack and its control on it together
    expect(groups.map((g) => `${pairLabel(g.pair)}: ${g.scenarios.map((s) => s.name).join(" ")}`)).toEqual(
      matrixPairs(m)
        .filter((p) => runs.some((r) => pairLabel(r.pair) === pairLabel(p)))
        .map((p) => `${pairLabel(p)}: wire/gcm wire/plain`),
    );
    expect(groups.length).toBeGreaterThan(1);
  });

  it("with --spark the control gets the same release; a pinned control keeps its pin", () => {
    const m = loadManifest();
    const runs = expandRuns(m, selectLoaded(loaded, ["wire/gcm", "cve/fixed"]).scenarios, { spark: ["3.5.9"] }).runs;
    expect(runs.map((r) => `${r.scenario.name} ${r.pair.spark}`)).toEqual(["wire/gcm 3.5.9", "wire/plain 3.5.9", "cve/fixed 3.2.2", "cve/fixed-setting 3.2.1", "cve/vulnerable 3.2.1"]);
  });

  it("withControls keeps the selection as it is when nothing names a control", () => {
    const plain = { scenarios: [loaded.scenarios[1]!], failures: [] };
    expect(withControls(loaded, plain)).toEqual({ ...plain, brought: [], missing: [] });
  });
});

describe("the repository's controls", () => {
  it("every control a scenario names exists", async () => {
    const all = await loadAllScenarios();
    const known = new Set(all.map((s) => s.name));
    const missing = all.flatMap((s) => [s.finding?.control ?? []].flat().filter((c) => !known.has(c)).map((c) => `${s.name} → ${c}`));
    expect(missing).toEqual([]);
  });

  it("@default holds every control of its scenarios itself (nothing has to be brought along)", async () => {
    const r = selectLoaded({ scenarios: await loadAllScenarios(), failures: [] }, ["@default"]);
    expect(r.brought).toEqual([]);
    expect(r.scenarios.map((s) => s.name)).toContain("tenancy/ten-container-snoop-labelled-control");
  });

  it("@matrix brings the controls of its attacks: att-off, wire-plain and the rogue executor's control", async () => {
    const r = selectLoaded({ scenarios: await loadAllScenarios(), failures: [] }, ["@matrix"]);
    expect(r.brought.map(describeBrought).sort()).toEqual([
      "+ attestation/att-off (control of att-ok)",
      "+ tenancy/ten-rogue-executor-control (control of ten-rogue-executor)",
      "+ wire/wire-plain (control of wire-gcm)",
    ]);
    expect(r.missing).toEqual([]);
  });

  it("selecting tenancy/ten-container-snoop-labelled by name brings its control along", async () => {
    const r = selectLoaded({ scenarios: await loadAllScenarios(), failures: [] }, ["tenancy/ten-container-snoop-labelled"]);
    expect(r.brought.map(describeBrought)).toEqual([
      "+ tenancy/ten-container-snoop-labelled-control (control of ten-container-snoop-labelled)",
      "+ tenancy/ten-container-snoop (control of ten-container-snoop-labelled)",
    ]);
  });
});
