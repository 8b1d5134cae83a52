// Did the crypto layer notice the bit the man-in-the-middle flipped? Reads the proxy's log and the driver, AM,
// executor and NodeManager logs: an integrity error (GCM tag, TLS bad_record_mac) means detected; a flip with no
// integrity error anywhere means the altered plaintext reached Spark (AES/CTR is malleable).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MitmEvent, MitmEvidence } from "../steps/mitm-tamper-step.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface TamperOutcomeSpec {
  kind: "tamper-outcome";
  step: string;
  /** "detected": authenticated encryption (GCM, TLS) rejects the flip. "undetected": AES/CTR passes it on. */
  expect: "detected" | "undetected";
}

export function tamperOutcome(step: string, expect: TamperOutcomeSpec["expect"]): TamperOutcomeSpec {
  return { kind: "tamper-outcome", step, expect };
}

/** Lines that show the crypto layer rejecting altered ciphertext: JCE/Tink GCM tags, TLS record MACs, Spark's GCM framing checks. */
export const INTEGRITY_ERROR = /AEADBadTagException|Tag mismatch|bad_record_mac|bad record mac|BAD_RECORD_MAC|decrypt_error|Invalid expected ciphertext length|Read more ciphertext than expected/;

/** Lines that show altered plaintext reaching Spark above the crypto layer (decoding, deserialisation, dispatch). */
export const PLAINTEXT_EFFECT =
  /Could not find [A-Za-z-]+\.|Cannot find endpoint|StreamCorruptedException|InvalidClassException|UTFDataFormatException|Unexpected message type|Too large frame|Frame length should be positive|Unknown message type/;

export interface LogText {
  source: string;
  text: string;
}

export interface LogLine {
  source: string;
  line: string;
}

export interface TamperClassification {
  outcome: "detected" | "undetected" | "unknown";
  why: string;
  flips: MitmEvent[];
  /** Flipped connections that the driver or executor ended (not the proxy at its stop). */
  closedByPeer: MitmEvent[];
  integrityLines: LogLine[];
  plaintextLines: LogLine[];
}

function grep(logs: LogText[], re: RegExp, max = 8): LogLine[] {
  const out: LogLine[] = [];
  for (const l of logs) {
    for (const line of l.text.split("\n")) {
      if (re.test(line)) out.push({ source: l.source, line: line.trim().slice(0, 300) });
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** Classifies a tamper run from the proxy's events and the logs (pure: unit-tested without Docker). */
export function classifyTamper(events: MitmEvent[], logs: LogText[]): TamperClassification {
  const flips = events.filter((e) => e.event === "flip");
  const flipped = new Set(flips.map((f) => f.conn));
  const closedByPeer = events.filter((e) => e.event === "close" && flipped.has(e.conn) && typeof e.endedBy === "string" && !e.endedBy.startsWith("proxy-stop"));
  const integrityLines = grep(logs, INTEGRITY_ERROR);
  const plaintextLines = grep(logs, PLAINTEXT_EFFECT);
  const base = { flips, closedByPeer, integrityLines, plaintextLines };
  if (flips.length === 0) {
    const conns = events.filter((e) => e.event === "connect").length;
    return { outcome: "unknown", why: `the proxy flipped no bit (${conns} connection(s) through it)`, ...base };
  }
  if (integrityLines.length > 0) {
    if (closedByPeer.length === 0) return { outcome: "unknown", why: "an integrity error was logged, but no flipped connection was closed by the driver or executor", ...base };
    return { outcome: "detected", why: `${flips.length} flip(s); the crypto layer rejected them and ${closedByPeer.length} flipped connection(s) were closed`, ...base };
  }
  if (!logs.some((l) => /driver/.test(l.source) && l.text.trim() !== "")) return { outcome: "unknown", why: "no driver log to look for an integrity error in", ...base };
  if (!logs.some((l) => /container_/.test(l.source) && l.text.trim() !== "")) return { outcome: "unknown", why: "no YARN container log to look for an integrity error in", ...base };
  return {
    outcome: "undetected",
    why: `${flips.length} flip(s) and no integrity error in ${logs.length} log(s)${plaintextLines.length > 0 ? "; the altered plaintext reached Spark" : "; accepted silently"}`,
    ...base,
  };
}

export const tamperOutcomeChecker: Checker<TamperOutcomeSpec> = {
  kind: "tamper-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const m = s?.evidence<MitmEvidence>();
    if (!s || !m) return { valid: "unknown", message: `${spec.step}: no proxy log (${s?.problem ?? "the step did not run"})` };
    const logs: LogText[] = [];
    const submit = s.spark?.submit;
    if (submit) logs.push({ source: `steps/${spec.step}/submit.log (client-mode driver)`, text: `${submit.stderr}\n${submit.stdout}` });
    const appId = s.appId;
    if (appId) {
      for (const file of ["stderr", "stdout"] as const) {
        for (const c of ev.containerLogs(appId, file)) logs.push({ source: `logs/${c.node}/${appId}/${c.container}/${file}`, text: readFileSync(c.path, "utf8") });
      }
    }
    if (existsSync(ev.logsDir)) {
      for (const f of readdirSync(ev.logsDir).filter((f) => /^nm-\d+\.log$/.test(f))) logs.push({ source: `logs/${f} (NodeManager)`, text: readFileSync(join(ev.logsDir, f), "utf8") });
    }
    const c = classifyTamper(m.events, logs);
    const flips = c.flips.map((f) => `conn ${f.conn} port ${f.port} ${f.direction} ${f.mode} offset ${f.streamOffset}${Number(f.encryptedOffset) >= 0 ? ` (encrypted +${f.encryptedOffset})` : ""} 0x${Number(f.before).toString(16)}→0x${Number(f.after).toString(16)}`);
    const evidence = { proxyLog: m.logPath, flips, closedByPeer: c.closedByPeer, integrityLines: c.integrityLines, plaintextLines: c.plaintextLines, logsRead: logs.map((l) => l.source) };
    if (c.outcome === "unknown") return { valid: "unknown", message: `${spec.step}: ${c.why}; expected ${spec.expect}`, evidence };
    const first = (c.outcome === "detected" ? c.integrityLines : c.plaintextLines)[0];
    const shown = first ? `; ${first.source}: ${first.line.slice(0, 160)}` : "";
    const verdict = c.outcome === "detected" ? "defended" : "vulnerable";
    return { valid: c.outcome === spec.expect, message: `${verdict}: ${c.why}${shown}; expected ${spec.expect}`, evidence };
  },
};
