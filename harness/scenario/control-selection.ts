// Selecting an attack brings its controls along (and theirs, when a control is a finding of its own): a finding holds
// only when its controls passed in the same run on the same pair, so they must be in the run. A control already
// selected is not added twice; one brought along runs right after its attack (same pairs; same cluster when it can).
import type { LoadedScenarios, ScenarioLoadFailure } from "./scenario-loader.ts";
import type { Scenario } from "./scenario-schema.ts";

/** A control added to a selection: which scenario named it. */
export interface BroughtControl {
  control: string;
  of: string;
}

export interface WithControls extends LoadedScenarios {
  /** Controls added because a selected scenario names them, in the order they were added. */
  brought: BroughtControl[];
  /** Controls a selected scenario names that no scenario file defines: its finding cannot be bound. */
  missing: BroughtControl[];
}

const controlsOf = (s: Scenario): string[] => [s.finding?.control ?? []].flat();

/** `picked` (a selection out of `all`) with every control its scenarios name, each right after the first scenario naming it. */
export function withControls(all: LoadedScenarios, picked: LoadedScenarios): WithControls {
  const byName = new Map(all.scenarios.map((s) => [s.name, s]));
  const failedByName = new Map(all.failures.map((f) => [f.name, f]));
  const have = new Set([...picked.scenarios.map((s) => s.name), ...picked.failures.map((f) => f.name)]);
  const scenarios: Scenario[] = [];
  const failures: ScenarioLoadFailure[] = [...picked.failures];
  const brought: BroughtControl[] = [];
  const missing: BroughtControl[] = [];
  const add = (s: Scenario): void => {
    scenarios.push(s);
    for (const control of controlsOf(s)) {
      if (have.has(control)) continue;
      have.add(control);
      const c = byName.get(control);
      const f = failedByName.get(control);
      if (c) {
        brought.push({ control, of: s.name });
        add(c);
      } else if (f) {
        // a control that does not load is brought as its load failure: an unknown row, never silently absent
        brought.push({ control, of: s.name });
        failures.push(f);
      } else missing.push({ control, of: s.name });
    }
  };
  for (const s of picked.scenarios) add(s);
  return { scenarios, failures, brought, missing };
}

/** "+ tenancy/x-control (control of x)": the attack without its area when both are in one area. */
export function describeBrought(b: BroughtControl): string {
  const [area] = b.control.split("/");
  const of = b.of.startsWith(`${area}/`) ? b.of.slice(area!.length + 1) : b.of;
  return `+ ${b.control} (control of ${of})`;
}
