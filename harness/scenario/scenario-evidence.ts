// Everything a scenario produced that checkers may read: history, submit results, YARN app reports, logs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SubmitResult } from "../spark/spark-submit.ts";
import type { YarnApp } from "../yarn/rm-client.ts";
import type { History } from "./history.ts";
import type { WorkloadStep } from "./workloads.ts";

/** What an RM REST attack sent and what came back. */
export interface AttackEvidence {
  actor: string;
  asUser: string;
  appId: string;
  request: string;
  status: number;
  body: string;
}

export interface StepEvidence {
  /** What the driver's UI answered over HTTP and HTTPS (ui-probe steps). */
  ui?: import("../attacks/ui-probe.ts").UiProbeOutcome;
  /** A container-snoop attack's outcome, with the container-executor audit of the node. */
  snoop?: import("../attacks/container-snoop.ts").SnoopOutcome;
  /** Every cell of an acl-matrix step, with what the RM answered. */
  matrix?: import("../attacks/acl-matrix.ts").MatrixCell[];
  /** The bit-flipping proxy's log of a mitm-tamper step (connections, flips, closes). */
  mitm?: import("./mitm-tamper-step.ts").MitmEvidence;
  /** A rogue RPC client's outcome (rogue-rpc steps). */
  rogue?: import("../attacks/rogue-rpc-client.ts").RogueOutcome;
  step: WorkloadStep;
  /** Known as soon as spark-submit prints it (attacks aim at it while the app runs). */
  appId?: string;
  submit?: SubmitResult;
  attack?: AttackEvidence;
  /** The RM's final report of the step's application. */
  app?: YarnApp;
  /** Why the step's evidence is incomplete, when it is. */
  problem?: string;
}

export class ScenarioEvidence {
  constructor(
    readonly history: History,
    readonly steps: Map<string, StepEvidence>,
    /** Folder with the collected logs: <node>/<appId>/<container>/{stdout,stderr}. */
    readonly logsDir: string,
    /** Folder with one <node>.pcap per captured node (may not exist). */
    readonly pcapsDir: string = "",
    /** Folder with the verifier's audit log and each NodeManager's IMA and device logs ("" without attestation). */
    readonly attestDir: string = "",
  ) {}

  step(id: string): StepEvidence | undefined {
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
    const s = this.steps.get(stepId);
    if (!s?.submit || s.step.kind !== "spark-submit") return undefined;
    if (s.step.deployMode === "client") return { text: s.submit.stdout, source: "spark-submit stdout (client-mode driver)" };
    if (!s.submit.appId) return undefined;
    const am = this.containerLogs(s.submit.appId, "stdout").find((c) => /_01_000001$/.test(c.container));
    return am ? { text: readFileSync(am.path, "utf8"), source: am.path } : undefined;
  }
}
