// Writes a run's reports (results.json, junit.xml) and points artifacts/latest at the run folder.
import { lstatSync, mkdirSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { toJson } from "../util/to-json.ts";
import { renderHtmlReport } from "./html-report.ts";
import { renderJunit } from "./junit-xml.ts";
import type { RunResults } from "./results-model.ts";
import { isRepeated, stabilityOf } from "./stability.ts";

export function writeRunReports(runDir: string, r: RunResults): void {
  mkdirSync(runDir, { recursive: true });
  // a repeated run also carries each scenario's stability over its repetitions
  atomicWrite(join(runDir, "results.json"), toJson(isRepeated(r) ? { ...r, stability: stabilityOf(r) } : r));
  atomicWrite(join(runDir, "junit.xml"), renderJunit(r));
  atomicWrite(join(runDir, "report.html"), renderHtmlReport(r, runDir));
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
