// Entropy of the Spark (non-YARN) TCP streams: ciphertext is near 8 bits/byte, the job's text records are not.
import { shannonEntropy } from "../wire/payload-analysis.ts";
import { isYarnStream, loadCaptures } from "../wire/capture-analysis.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface WireEntropySpec {
  kind: "wire-entropy";
  /** Every Spark stream of at least minStreamBytes must reach this (bits per byte). */
  minBitsPerByte: number;
  minStreamBytes: number;
  /** "high": all streams ≥ min (encrypted); "low": some stream below it (the plaintext control). */
  expect: "high" | "low";
}

export function streamEntropy(expect: WireEntropySpec["expect"], minBitsPerByte = 7.5, minStreamBytes = 256 * 1024): WireEntropySpec {
  return { kind: "wire-entropy", expect, minBitsPerByte, minStreamBytes };
}

export const wireEntropyChecker: Checker<WireEntropySpec> = {
  kind: "wire-entropy",
  check(spec, ev): CheckResult {
    const caps = loadCaptures(ev.pcapsDir);
    const streams = caps.flatMap((c) => c.streams.filter((s) => !isYarnStream(s) && s.data.length >= spec.minStreamBytes).map((s) => ({ node: c.node, s })));
    if (streams.length === 0) return { valid: "unknown", message: `no Spark stream of ≥ ${spec.minStreamBytes} bytes was captured` };
    const measured = streams.map(({ node, s }) => ({ node, stream: s.key, bytes: s.data.length, bitsPerByte: Number(shannonEntropy(s.data).toFixed(3)) }));
    const low = measured.filter((m) => m.bitsPerByte < spec.minBitsPerByte);
    const lowest = measured.reduce((a, b) => (b.bitsPerByte < a.bitsPerByte ? b : a));
    const allHigh = low.length === 0;
    return {
      valid: allHigh === (spec.expect === "high"),
      message: `${measured.length} Spark stream(s); lowest ${lowest.bitsPerByte} bits/byte (${lowest.stream}); ${low.length} below ${spec.minBitsPerByte}; expected ${spec.expect}`,
      evidence: { streams: measured.slice(0, 20) },
    };
  },
};
