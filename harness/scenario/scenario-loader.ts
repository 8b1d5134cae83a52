// Finds scenario files under scenarios/, imports them, validates each, and checks name = path.
import { existsSync } from "node:fs";
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { HarnessError, isHarnessError } from "../errors/harness-error.ts";
import { listFiles } from "../images/content-hash.ts";
import { scenariosDir } from "../util/paths.ts";
import { withControls, type WithControls } from "./control-selection.ts";
import { validateScenario, type Scenario } from "./scenario-schema.ts";

/** Scenario files are <dir>/<area>/<id>.ts; .ts files directly in <dir> (test setup, helpers) are not scenarios. */
export function scenarioFiles(dir = scenariosDir): string[] {
  if (!existsSync(dir)) return [];
  return listFiles(dir).filter(
    (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts") && relative(dir, f).split(sep).length > 1,
  );
}

export async function loadScenarioFile(file: string, dir = scenariosDir): Promise<Scenario> {
  const where = relative(process.cwd(), file) || file;
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    throw new HarnessError("SCENARIO_LOAD_FAILED", `${where}: cannot be imported: ${(e as Error).message}`, { cause: e });
  }
  if (mod.default === undefined) throw new HarnessError("SCENARIO_LOAD_FAILED", `${where}: has no default export (export default defineScenario({...}))`);
  const s = validateScenario(mod.default, where);
  const expected = relative(dir, file).replace(/\.ts$/, "");
  if (s.name !== expected) throw new HarnessError("SCENARIO_LOAD_FAILED", `${where}: name is ${JSON.stringify(s.name)} but its path says ${JSON.stringify(expected)}; they must match`);
  return s;
}

/** A scenario file that did not load: its path-derived name, the file, and why. */
export interface ScenarioLoadFailure {
  name: string;
  file: string;
  error: HarnessError;
}

export interface LoadedScenarios {
  scenarios: Scenario[];
  failures: ScenarioLoadFailure[];
}

/** Loads every scenario file; a file that does not load is listed in `failures` and does not stop the others. */
export async function loadScenarios(dir = scenariosDir): Promise<LoadedScenarios> {
  const out: LoadedScenarios = { scenarios: [], failures: [] };
  for (const file of scenarioFiles(dir)) {
    try {
      out.scenarios.push(await loadScenarioFile(file, dir));
    } catch (e) {
      const error = isHarnessError(e, "SCENARIO_LOAD_FAILED")
        ? e
        : new HarnessError("SCENARIO_LOAD_FAILED", `${relative(process.cwd(), file) || file}: ${(e as Error).message}`, { cause: e });
      out.failures.push({ name: relative(dir, file).replace(/\.ts$/, "").split(sep).join("/"), file, error });
    }
  }
  return out;
}

/** Every scenario, or one SCENARIO_LOAD_FAILED listing every file that did not load. */
export async function loadAllScenarios(dir = scenariosDir): Promise<Scenario[]> {
  const { scenarios, failures } = await loadScenarios(dir);
  if (failures.length === 1) throw failures[0]!.error;
  if (failures.length > 1)
    throw new HarnessError("SCENARIO_LOAD_FAILED", `${failures.length} scenario files do not load:\n${failures.map((f) => f.error.message).join("\n")}`);
  return scenarios;
}

/** The names, areas and suites a selector matches; a suite selector also matches every file that did not load (its suites are unknown). */
function matcher(selector: string): { suite?: string; matches: (name: string) => boolean } {
  const clean = selector.replace(/\.ts$/, "").replace(/^scenarios\//, "");
  if (clean.startsWith("@")) return { suite: clean.slice(1), matches: () => false };
  const prefix = clean.endsWith("/") ? clean : `${clean}/`;
  return { matches: (name) => name === clean || name.startsWith(prefix) };
}

/**
 * Picks scenarios by name, area prefix ("attestation/") or suite ("@default"), with the controls they name. No
 * selectors → the default suite. Unknown selectors are an error that lists what exists.
 */
export function selectScenarios(all: Scenario[], selectors: string[]): Scenario[] {
  return selectLoaded({ scenarios: all, failures: [] }, selectors).scenarios;
}

/**
 * selectScenarios over loaded scenarios and load failures: a failure is selected when a selector names it or its area,
 * or by any suite selector (a file that does not load may belong to any suite, and it must not go unnoticed). Every
 * control a selected scenario names comes along (`brought`), once, right after it; one no file defines is `missing`.
 */
export function selectLoaded(loaded: LoadedScenarios, selectors: string[]): WithControls {
  if (selectors.length === 0) selectors = ["@default"];
  const picked = new Map<string, Scenario>();
  const failed = new Map<string, ScenarioLoadFailure>();
  for (const sel of selectors) {
    const m = matcher(sel);
    const scenarios = loaded.scenarios.filter((s) => (m.suite !== undefined ? s.suites.includes(m.suite) : m.matches(s.name)));
    const failures = loaded.failures.filter((f) => m.suite !== undefined || m.matches(f.name));
    if (scenarios.length + failures.length === 0) throw noMatch(sel, loaded);
    for (const s of scenarios) picked.set(s.name, s);
    for (const f of failures) failed.set(f.name, f);
  }
  return withControls(loaded, { scenarios: [...picked.values()], failures: [...failed.values()] });
}

/** INVALID_INPUT for a selector that matches nothing: the names in its area when the area exists, else the areas; and the suites. */
function noMatch(sel: string, loaded: LoadedScenarios): HarnessError {
  const names = [...loaded.scenarios.map((s) => s.name), ...loaded.failures.map((f) => `${f.name} (does not load)`)];
  const area = sel.replace(/^scenarios\//, "").split("/")[0]!;
  const inArea = names.filter((n) => n.startsWith(`${area}/`));
  const areas = [...new Set(names.map((n) => `${n.split("/")[0]}/`))];
  const suites = [...new Set(loaded.scenarios.flatMap((s) => s.suites))].map((x) => `@${x}`);
  const known = inArea.length > 0 ? `in ${area}/: ${inArea.join(", ")}` : `areas: ${areas.join(", ")}`;
  return new HarnessError("INVALID_INPUT", `no scenario matches ${JSON.stringify(sel)}; ${known}; suites: ${suites.join(", ")}`, {
    hint: "name a scenario (tenancy/ten-acl-matrix), an area (tenancy/) or a suite (@default); `npx shieldlab run --list` lists every scenario",
  });
}
