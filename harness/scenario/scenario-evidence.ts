// Everything a scenario produced that checkers may read: the history, each step's evidence record, and the folders
// of collected logs, pcaps and attestation evidence.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { StepRecord } from "../steps/step-evidence.ts";
import type { History } from "./history.ts";

export class ScenarioEvidence {
  constructor(
    readonly history: History,
    readonly steps: ReadonlyMap<string, StepRecord>,
    /** Folder with the collected logs: <node>/<appId>/<container>/{stdout,stderr}. */
    readonly logsDir: string,
    /** Folder with one <node>.pcap per captured node (may not exist). */
    readonly pcapsDir: string = "",
    /** Folder with the verifier's audit log and each NodeManager's IMA and device logs ("" without attestation). */
    readonly attestDir: string = "",
    /** The scenario's artifact folder; each layer collected into <scenarioDir>/<layer name>/. */
    readonly scenarioDir: string = "",
  ) {}

  /** A file a layer collected (e.g. layerFile("kdc", "kdc.log")), or undefined when it is not there. */
  layerFile(layer: string, file: string): string | undefined {
    if (!this.scenarioDir) return undefined;
    const path = join(this.scenarioDir, layer, file);
    return existsSync(path) ? readFileSync(path, "utf8") : undefined;
  }

  step(id: string): StepRecord | undefined {
    return this.steps.get(id);
  }

  /** Container log files of an app, across NodeManagers: { container, node, file, path }. */
  containerLogs(appId: string, file: "stdout" | "stderr"): { node: string; container: string; path: string }[] {
    const out: { node: string; container: string; path: string }[] = [];
    if (!existsSync(this.logsDir)) return out;
    for (const node of readdirSync(this.logsDir)) {
      const appDir = join(this.logsDir, node, appId);
      if (!existsSync(appDir)) continue;
      for (const container of readdirSync(appDir).sort()) {
        const path = join(appDir, container, file);
        if (existsSync(path)) out.push({ node, container, path });
      }
    }
    return out;
  }

  /** The driver's stdout: spark-submit's in client mode, the AM container's in cluster mode. */
  driverStdout(stepId: string): { text: string; source: string } | undefined {
    const spark = this.steps.get(stepId)?.spark;
    if (!spark?.submit) return undefined;
    if (spark.deployMode === "client") return { text: spark.submit.stdout, source: "spark-submit stdout (client-mode driver)" };
    if (!spark.submit.appId) return undefined;
    const am = this.containerLogs(spark.submit.appId, "stdout").find((c) => /_01_000001$/.test(c.container));
    return am ? { text: readFileSync(am.path, "utf8"), source: am.path } : undefined;
  }
}
