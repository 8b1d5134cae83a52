// Removes the harness's generated secrets from text artifacts as they are collected; packet captures stay as
// they are (they are the evidence). A secret becomes `[redacted:<kind> sha256=<prefix>…]`, so runs stay comparable.
import { lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, relative } from "node:path";
import type { GeneratedSecret } from "./generated-secrets.ts";

/** Files never rewritten nor reported: captures are evidence as recorded. */
export const PCAP_EXTENSIONS = new Set([".pcap", ".pcapng"]);

/** How many hex digits of the sha256 a redaction mark shows. */
export const HASH_PREFIX = 12;

/** The mark that replaces a secret in text. */
export function redactionMark(s: GeneratedSecret): string {
  return `[redacted:${s.kind} sha256=${s.sha256.slice(0, HASH_PREFIX)}…]`;
}

/** A same-length mask for binary files, so offsets and length prefixes inside them stay valid. */
export function binaryMask(s: GeneratedSecret, length: number): string {
  const full = `<redacted sha256=${s.sha256}>`;
  return full.length >= length ? full.slice(0, length) : full.padEnd(length, "*");
}

/** The spellings a secret takes in artifacts: as is, and escaped inside a JSON string (harness.log, results). */
export function secretForms(s: GeneratedSecret): string[] {
  const json = JSON.stringify(s.value).slice(1, -1);
  return json === s.value ? [s.value] : [s.value, json];
}

/** Longest first, so a secret that contains another is replaced whole. */
function ordered(secrets: readonly GeneratedSecret[]): Array<{ secret: GeneratedSecret; form: string }> {
  return secrets.flatMap((secret) => secretForms(secret).map((form) => ({ secret, form }))).sort((a, b) => b.form.length - a.form.length);
}

/** `text` with every generated secret replaced by its mark. */
export function redactText(text: string, secrets: readonly GeneratedSecret[]): string {
  let out = text;
  for (const { secret, form } of ordered(secrets)) if (out.includes(form)) out = out.split(form).join(redactionMark(secret));
  return out;
}

/** True when the bytes look binary (a NUL byte, as git decides). */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0);
}

/** Redacts one buffer: text gets marks, binaries a same-length mask; bytes other than the secrets are kept exactly.
 *  `mode` decides text or binary when the caller knows (a stream's chunk); otherwise a NUL byte means binary. */
export function redactBytes(bytes: Buffer, secrets: readonly GeneratedSecret[], mode?: "text" | "binary"): { bytes: Buffer; replaced: number } {
  const binary = mode ? mode === "binary" : isBinary(bytes);
  // latin1 maps every byte to one char and back, so non-UTF-8 output survives the round trip untouched
  let s = bytes.toString("latin1");
  let replaced = 0;
  for (const { secret, form } of ordered(secrets)) {
    if (!s.includes(form)) continue;
    const parts = s.split(form);
    replaced += parts.length - 1;
    s = parts.join(binary ? binaryMask(secret, form.length) : Buffer.from(redactionMark(secret)).toString("latin1"));
  }
  return { bytes: replaced > 0 ? Buffer.from(s, "latin1") : bytes, replaced };
}

/** Rewrites a file in place when it holds a secret; returns how many were replaced. Captures are left alone. */
export function redactFileInPlace(file: string, secrets: readonly GeneratedSecret[]): number {
  if (secrets.length === 0 || PCAP_EXTENSIONS.has(extname(file).toLowerCase())) return 0;
  const r = redactBytes(readFileSync(file), secrets);
  if (r.replaced > 0) writeFileSync(file, r.bytes);
  return r.replaced;
}

export interface RedactionSummary {
  files: number;
  replaced: number;
  /** Files that could not be read or rewritten (with the reason); the caller reports them. */
  problems: string[];
}

/** Every regular file under `dir` (symlinks are not followed), pcaps left out unless asked for. */
export function artifactFiles(dir: string, includePcaps = false): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && (includePcaps || !PCAP_EXTENSIONS.has(extname(e.name).toLowerCase()))) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Redacts every file under `dir` in place (collected logs, a scenario's folder). Never throws. */
export function redactArtifactTree(dir: string, secrets: readonly GeneratedSecret[]): RedactionSummary {
  const summary: RedactionSummary = { files: 0, replaced: 0, problems: [] };
  if (secrets.length === 0) return summary;
  for (const f of artifactFiles(dir)) {
    try {
      const n = redactFileInPlace(f, secrets);
      if (n > 0) summary.files++;
      summary.replaced += n;
    } catch (e) {
      summary.problems.push(`${relative(dir, f)}: could not redact: ${(e as Error).message}`);
    }
  }
  return summary;
}

/** A secret still present in an artifact: where and which (never the value). */
export interface SecretFinding {
  file: string;
  kind: string;
  sha256Prefix: string;
  count: number;
}

/** Scans a run folder (text and binary files, pcaps excluded) for generated secrets; [] when none is left. */
export function findSecretsInArtifacts(runDir: string, secrets: readonly GeneratedSecret[]): SecretFinding[] {
  const out: SecretFinding[] = [];
  for (const f of artifactFiles(runDir)) {
    let bytes: Buffer;
    try {
      if (!lstatSync(f).isFile()) continue;
      bytes = readFileSync(f);
    } catch {
      continue;
    }
    for (const s of secrets) {
      let count = 0;
      for (const form of secretForms(s)) {
        // the same byte view as redactBytes: each char of the value is one byte (latin1)
        const needle = Buffer.from(form, "latin1");
        for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) count++;
      }
      if (count > 0) out.push({ file: relative(runDir, f), kind: s.kind, sha256Prefix: s.sha256.slice(0, HASH_PREFIX), count });
    }
  }
  return out;
}
