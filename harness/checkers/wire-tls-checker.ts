// Are Spark's TCP streams TLS? Each stream is walked record by record from its first byte.
import { countTlsRecords } from "../wire/payload-analysis.ts";
import { isYarnStream, loadCaptures } from "../wire/capture-analysis.ts";
import { capturedPrefix } from "../wire/tcp-flows.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface WireTlsSpec {
  kind: "wire-tls";
  /** "tls": every Spark stream of at least minStreamBytes is TLS records; "none": none of them is. */
  expect: "tls" | "none";
  minStreamBytes: number;
}

export function tlsOnWire(expect: WireTlsSpec["expect"], minStreamBytes = 4096): WireTlsSpec {
  return { kind: "wire-tls", expect, minStreamBytes };
}

export const wireTlsChecker: Checker<WireTlsSpec> = {
  kind: "wire-tls",
  check(spec, ev): CheckResult {
    const caps = loadCaptures(ev.pcapsDir);
    // records are walked from the first byte up to the first capture gap: past a gap the walk is misaligned, so a
    // gapped TLS stream would read as non-TLS (and a gapped plaintext one proves nothing more than its prefix)
    const all = caps.flatMap((c) => c.streams.filter((s) => !isYarnStream(s)).map((s) => ({ node: c.node, s, judged: capturedPrefix(s) })));
    const streams = all.filter((x) => x.judged.length >= spec.minStreamBytes);
    const cut = all.filter((x) => x.s.data.length >= spec.minStreamBytes && x.judged.length < spec.minStreamBytes).length;
    const cutNote = cut > 0 ? `; ${cut} more stream(s) left out: fewer than ${spec.minStreamBytes} bytes captured before a capture gap` : "";
    if (streams.length === 0) return { valid: "unknown", message: `no Spark stream with ≥ ${spec.minStreamBytes} bytes captured without a gap${cutNote}` };
    const walked = streams.map(({ node, s, judged }) => {
      const t = countTlsRecords(judged);
      // a capture may end mid-record: 90 % of the bytes walked as TLS records counts as TLS
      const gap = s.gaps[0] ? { judgedBytes: judged.length, gaps: s.gaps.length } : {};
      return { node, stream: s.key, bytes: s.data.length, ...gap, records: t.records, handshake: t.handshake, tls: t.records >= 2 && t.walkedBytes >= 0.9 * judged.length };
    });
    const tls = walked.filter((w) => w.tls).length;
    const ok = spec.expect === "tls" ? tls === walked.length : tls === 0;
    return {
      valid: ok,
      message: `${tls} of ${walked.length} Spark stream(s) are TLS records (${walked.reduce((n, w) => n + w.records, 0)} records, handshakes in ${walked.filter((w) => w.handshake).length})${cutNote}; expected ${spec.expect}`,
      evidence: { streams: walked.slice(0, 20) },
    };
  },
};
