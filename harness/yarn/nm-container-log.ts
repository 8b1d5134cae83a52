// YARN's own record of an app's containers: the NodeManager daemon logs' state transitions, per container.
// Attestation scenarios count failed executor containers from here, not from anything the harness wrote.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface NmContainer {
  container: string;
  node: string;
  /** The states in the order the NodeManager logged them (NEW, LOCALIZING, …, EXITED_WITH_FAILURE, DONE). */
  states: string[];
  /** The transition line that says how it ended, as logged. */
  endLine?: string;
  failed: boolean;
  /** The app's first container of an attempt is its ApplicationMaster (…_01_000001). */
  isAm: boolean;
}

const TRANSITION = /Container (container_(?:e\d+_)?(\d+)_(\d+)_(\d+)_(\d+)) transitioned from (\w+) to (\w+)/;

/** Containers of `appId` in one NodeManager log text. */
export function containersInNmLog(text: string, node: string, appId: string): NmContainer[] {
  const m = /^application_(\d+)_(\d+)$/.exec(appId);
  if (!m) throw new Error(`not an application id: ${JSON.stringify(appId)}`);
  const byId = new Map<string, NmContainer>();
  for (const line of text.split("\n")) {
    const t = TRANSITION.exec(line);
    if (!t || t[2] !== m[1] || t[3] !== m[2]) continue;
    const id = t[1]!;
    let c = byId.get(id);
    if (!c) {
      c = { container: id, node, states: [t[6]!], failed: false, isAm: Number(t[5]) === 1 };
      byId.set(id, c);
    }
    c.states.push(t[7]!);
    if (t[7] === "EXITED_WITH_FAILURE" || t[7] === "EXITED_WITH_SUCCESS" || t[7] === "KILLING") c.endLine ??= line.trim();
    if (t[7] === "EXITED_WITH_FAILURE") c.failed = true;
  }
  return [...byId.values()];
}

/** Containers of `appId` across every `<node>.log` the runner collected into `logsDir` (nm-* only). */
export function appContainers(logsDir: string, appId: string): NmContainer[] {
  if (!existsSync(logsDir)) return [];
  return readdirSync(logsDir)
    .filter((f) => /^nm-\d+\.log$/.test(f))
    .sort()
    .flatMap((f) => containersInNmLog(readFileSync(join(logsDir, f), "utf8"), f.replace(/\.log$/, ""), appId));
}
