// Are Spark's TCP streams TLS? Each stream is walked record by record from its first byte.
import { countTlsRecords } from "../wire/payload-analysis.ts";
import { isYarnStream, loadCaptures } from "../wire/capture-analysis.ts";
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
    const streams = caps.flatMap((c) => c.streams.filter((s) => !isYarnStream(s) && s.data.length >= spec.minStreamBytes).map((s) => ({ node: c.node, s })));
    if (streams.length === 0) return { valid: "unknown", message: `no Spark stream of ≥ ${spec.minStreamBytes} bytes was captured` };
    const walked = streams.map(({ node, s }) => {
      const t = countTlsRecords(s.data);
      // a capture may end mid-record: 90 % of the stream walked as TLS records counts as TLS
      return { node, stream: s.key, bytes: s.data.length, records: t.records, handshake: t.handshake, tls: t.records >= 2 && t.walkedBytes >= 0.9 * s.data.length };
    });
    const tls = walked.filter((w) => w.tls).length;
    const ok = spec.expect === "tls" ? tls === walked.length : tls === 0;
    return {
      valid: ok,
      message: `${tls} of ${walked.length} Spark stream(s) are TLS records (${walked.reduce((n, w) => n + w.records, 0)} records, handshakes in ${walked.filter((w) => w.handshake).length}); expected ${spec.expect}`,
      evidence: { streams: walked.slice(0, 20) },
    };
  },
};
