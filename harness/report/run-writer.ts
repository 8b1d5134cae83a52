// Writes a run's reports (results.json, junit.xml, report.html) and points artifacts/latest at the run folder.
// Reports and each finished scenario's folder are swept for the secrets the harness generated.
import { lstatSync, mkdirSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { generatedSecrets } from "../util/generated-secrets.ts";
import { redactArtifactTree, redactText } from "../util/secret-redactor.ts";
import { toJson } from "../util/to-json.ts";
import { findingsRecord } from "./findings.ts";
import { renderHtmlReport } from "./html-report.ts";
import { renderJunit } from "./junit-xml.ts";
import { RESULTS_SCHEMA_VERSION, type RunResults } from "./results-model.ts";
import { isRepeated, stabilityOf } from "./stability.ts";

/** Scenario folders already swept in this process (a folder is final once its result is in the run). */
const swept = new Set<string>();

export function writeRunReports(runDir: string, r: RunResults): void {
  mkdirSync(runDir, { recursive: true });
  const secrets = generatedSecrets();
  for (const s of r.scenarios) sweepScenario(join(runDir, s.artifacts));
  // stamped with its layout version (readers refuse another); each finding with its controls' state (bound or why not);
  // a repeated run also carries each scenario's stability
  const json = { schemaVersion: RESULTS_SCHEMA_VERSION, ...r, findings: findingsRecord(r), ...(isRepeated(r) ? { stability: stabilityOf(r) } : {}) };
  atomicWrite(join(runDir, "results.json"), redactText(toJson(json), secrets));
  atomicWrite(join(runDir, "junit.xml"), redactText(renderJunit(r), secrets));
  atomicWrite(join(runDir, "report.html"), redactText(renderHtmlReport(r, runDir), secrets));
}

/**
 * Redacts generated secrets from everything a scenario wrote (history.json, step logs, attestation evidence,
 * proxy logs; collected YARN logs were redacted when copied), once; pcaps stay as recorded.
 */
function sweepScenario(dir: string): void {
  const key = resolve(dir);
  if (swept.has(key)) return;
  swept.add(key);
  const { problems } = redactArtifactTree(dir, generatedSecrets());
  if (problems.length > 0) writeFileSync(join(dir, "redaction-problems.txt"), `${problems.join("\n")}\n`);
}

/** artifacts/latest → <run-id> (relative symlink, replaced atomically). */
export function pointLatest(runDir: string): void {
  const link = join(dirname(runDir), "latest");
  const tmp = `${link}.tmp-${process.pid}`;
  try {
    lstatSync(tmp);
    unlinkSync(tmp);
  } catch {
    /* no leftover */
  }
  symlinkSync(basename(runDir), tmp);
  renameSync(tmp, link);
}

function atomicWrite(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
