// Finds scenario files under scenarios/, imports them, validates each, and checks name = path.
import { existsSync } from "node:fs";
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { HarnessError } from "../errors/harness-error.ts";
import { listFiles } from "../images/content-hash.ts";
import { scenariosDir } from "../util/paths.ts";
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

export async function loadAllScenarios(dir = scenariosDir): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const f of scenarioFiles(dir)) out.push(await loadScenarioFile(f, dir));
  return out;
}

/**
 * Picks scenarios by name, area prefix ("attestation/") or suite ("@default"). No selectors → the default suite.
 * Unknown selectors are an error that lists what exists.
 */
export function selectScenarios(all: Scenario[], selectors: string[]): Scenario[] {
  if (selectors.length === 0) selectors = ["@default"];
  const picked = new Map<string, Scenario>();
  for (const sel of selectors) {
    const clean = sel.replace(/\.ts$/, "").replace(/^scenarios\//, "");
    const matches = clean.startsWith("@")
      ? all.filter((s) => s.suites.includes(clean.slice(1)))
      : all.filter((s) => s.name === clean || s.name.startsWith(clean.endsWith("/") ? clean : `${clean}/`));
    if (matches.length === 0) {
      const suites = [...new Set(all.flatMap((s) => s.suites))].map((x) => `@${x}`);
      throw new HarnessError("INVALID_INPUT", `no scenario matches ${JSON.stringify(sel)}; scenarios: ${all.map((s) => s.name).join(", ")}; suites: ${suites.join(", ")}`);
    }
    for (const m of matches) picked.set(m.name, m);
  }
  return [...picked.values()];
}
