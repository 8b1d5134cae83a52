// Is the canary in the captured payloads? "present" for a plaintext control, "absent" where encryption defends.
import { findCanary } from "../wire/payload-analysis.ts";
import { isYarnStream, loadCaptures } from "../wire/capture-analysis.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface WireCanarySpec {
  kind: "wire-canary";
  canary: string;
  expect: "present" | "absent";
}

export function canaryOnWire(canary: string, expect: WireCanarySpec["expect"]): WireCanarySpec {
  return { kind: "wire-canary", canary, expect };
}

export const wireCanaryChecker: Checker<WireCanarySpec> = {
  kind: "wire-canary",
  check(spec, ev): CheckResult {
    const caps = loadCaptures(ev.pcapsDir);
    if (caps.length === 0) return { valid: "unknown", message: "no capture was taken" };
    const sparkBytes = caps.reduce((n, c) => n + c.streams.filter((s) => !isYarnStream(s)).reduce((m, s) => m + s.data.length, 0), 0);
    if (sparkBytes < 64 * 1024)
      return { valid: "unknown", message: `only ${sparkBytes} bytes of Spark traffic captured; the capture cannot tell`, evidence: { captures: caps.map((c) => c.file) } };
    const hits = caps.flatMap((c) => findCanary(c.streams, spec.canary, 5).map((h) => ({ node: c.node, pcap: c.file, ...h })));
    const present = hits.length > 0;
    const summary = present ? `canary seen ${hits.length}× (first: ${hits[0]!.node} ${hits[0]!.stream}, pcap offset ${hits[0]!.fileOffset})` : `canary absent from ${(sparkBytes / 1e6).toFixed(1)} MB of Spark payload`;
    return {
      valid: present === (spec.expect === "present"),
      message: `${summary}; expected ${spec.expect}`,
      evidence: { hits: hits.slice(0, 10), sparkPayloadBytes: sparkBytes, captures: caps.map((c) => ({ node: c.node, file: c.file, packets: c.packets })) },
    };
  },
};
