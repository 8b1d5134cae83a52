// After a scenario's captures stop: which generated secrets each pcap carries, written beside the pcaps
// (generated-secrets.json, read by the wire checkers) and returned for the scenario's result. Values never leave.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GeneratedSecret } from "../util/generated-secrets.ts";
import { HASH_PREFIX } from "../util/secret-redactor.ts";
import { toJson } from "../util/to-json.ts";
import { loadCaptures } from "./capture-analysis.ts";
import { findGeneratedSecrets, type SecretSighting } from "./generated-secret-scan.ts";

export const CAPTURED_SECRETS_FILE = "generated-secrets.json";

export interface CapturedSecrets {
  /** The pcaps scanned. */
  pcaps: string[];
  /** The secrets looked for: kind and sha256 prefix. */
  scanned: { kind: string; sha256Prefix: string }[];
  sightings: SecretSighting[];
  /** Why the scan could not be made (a pcap that does not parse); the checkers then say unknown. */
  problem?: string;
}

/** Scans every pcap in `pcapsDir` for `secrets`, writes the result beside them and returns it. Never throws. */
export function scanCapturesForSecrets(pcapsDir: string, secrets: readonly GeneratedSecret[]): CapturedSecrets {
  const scanned = secrets.map((s) => ({ kind: s.kind, sha256Prefix: s.sha256.slice(0, HASH_PREFIX) }));
  let result: CapturedSecrets;
  try {
    const captures = loadCaptures(pcapsDir);
    result = { pcaps: captures.map((c) => c.file.split("/").pop()!), scanned, sightings: findGeneratedSecrets(captures, secrets) };
  } catch (e) {
    result = { pcaps: [], scanned, sightings: [], problem: `the captures could not be scanned: ${(e as Error).message}` };
  }
  try {
    if (existsSync(pcapsDir)) writeFileSync(join(pcapsDir, CAPTURED_SECRETS_FILE), toJson(result));
  } catch {
    /* the result still carries it */
  }
  return result;
}

/** The scan written for a scenario, or undefined when none was made (no capture). */
export function readCapturedSecrets(pcapsDir: string): CapturedSecrets | undefined {
  const f = join(pcapsDir, CAPTURED_SECRETS_FILE);
  return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")) as CapturedSecrets) : undefined;
}
