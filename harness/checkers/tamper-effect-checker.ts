// Control evidence of a file tamper: did the fault take effect? The tamper step's before/after hashes differ, the
// app's Spark JVMs on that node opened the changed file (the device measured the new digest, IMA, and the measurement
// names its opener: an executor or the AM of the app, by YARN container), and an executor of the app ran on that
// node. A job that merely ran proves neither.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Checker, CheckResult } from "./checker.ts";

export interface TamperEffectSpec {
  kind: "tamper-effect";
  /** The tamper-file step. */
  tamper: string;
  /** The spark-submit step whose executors must have opened the tampered file. */
  app: string;
}

export function tamperTookEffect(tamper: string, app: string): TamperEffectSpec {
  return { kind: "tamper-effect", tamper, app };
}

interface TamperValue {
  node: string;
  path: string;
  before: string;
  after: string;
}

interface MeasuredLine {
  msg?: string;
  path?: string;
  sha256?: string;
  pid?: number;
  role?: string | null;
  container?: string | null;
  time?: number;
}

/** The device's "measured" lines of `path` with digest `sha256` (the node's cca-device.log, JSON lines). */
export function measurementsOf(deviceLog: string, path: string, sha256: string): MeasuredLine[] {
  const out: MeasuredLine[] = [];
  for (const line of deviceLog.split("\n")) {
    if (!line.includes(sha256)) continue;
    try {
      const j = JSON.parse(line) as MeasuredLine;
      if (j.msg === "measured" && j.path === path && j.sha256 === sha256) out.push(j);
    } catch {
      /* not a JSON line */
    }
  }
  return out;
}

/** application_1796625271552_0010 → the prefix of its containers' ids (container_1796625271552_0010_). */
const containerPrefixOf = (appId: string): string => `${appId.replace(/^application_/, "container_")}_`;
const short = (h: string): string => `${h.slice(0, 12)}…`;

export const tamperEffectChecker: Checker<TamperEffectSpec> = {
  kind: "tamper-effect",
  check(spec, ev): CheckResult {
    const op = ev.history.completed(spec.tamper, "tamper-file");
    const t = op?.type === "ok" ? (op.value as TamperValue | undefined) : undefined;
    if (!t?.before || !t.after) return { valid: "unknown", message: `the tamper step ${spec.tamper} recorded no before/after hashes (${op ? `${op.type}${op.error ? `: ${op.error}` : ""}` : "it did not run"})` };
    if (t.before === t.after) return { valid: false, message: `the tamper did not change ${t.path} on ${t.node} (sha256 ${short(t.before)} before and after)`, evidence: { ...t } };
    const appId = ev.step(spec.app)?.appId;
    if (!appId) return { valid: "unknown", message: `step ${spec.app} has no application id: no executor to have opened ${t.path}` };
    const logFile = ev.attestDir ? join(ev.attestDir, `${t.node}-cca-device.log`) : "";
    if (!logFile || !existsSync(logFile)) return { valid: "unknown", message: `no device log of ${t.node} was collected: who opened ${t.path} is not known` };
    const measured = measurementsOf(readFileSync(logFile, "utf8"), t.path, t.after);
    const evidence = { ...t, appId, measured: measured.slice(0, 5) };
    const prefix = containerPrefixOf(appId);
    const changed = `${t.path} on ${t.node} changed (sha256 ${short(t.before)} → ${short(t.after)})`;
    // the first open of the new content is the one measured (as ima_htable: once per content); every Spark JVM of the
    // app has the jars on its class path, so the AM reading it first on the executor's node shows it as well
    const bySpark = measured.find((m) => (m.role === "spark-executor" || m.role === "spark-am") && m.container?.startsWith(prefix));
    const executorsOnNode = ev.containerLogs(appId, "stderr").filter((c) => c.node === t.node && !/_01_000001$/.test(c.container) && c.container.startsWith(prefix));
    if (bySpark && executorsOnNode.length > 0)
      return {
        valid: true,
        message: `${changed} and the app's Spark JVMs on ${t.node} loaded it: IMA measured the new digest when ${bySpark.role} ${bySpark.container} (pid ${bySpark.pid}) read it; executor(s) ${executorsOnNode.map((c) => c.container).join(", ")} ran there`,
        evidence: { ...evidence, executorsOnNode: executorsOnNode.map((c) => c.container) },
      };
    if (bySpark) return { valid: "unknown", message: `${changed} and ${bySpark.role} ${bySpark.container} read it, but no executor container of ${appId} ran on ${t.node}`, evidence };
    if (measured.length === 0) return { valid: "unknown", message: `${changed}, but no open of the changed file was measured on ${t.node}: no executor is shown to have read it`, evidence };
    const m = measured[0]!;
    return { valid: "unknown", message: `${changed}, but the new digest was first measured when ${m.role ?? "an unknown process"} (pid ${m.pid}${m.container ? `, ${m.container}` : ""}) opened it, not a Spark JVM of ${appId}`, evidence };
  },
};
