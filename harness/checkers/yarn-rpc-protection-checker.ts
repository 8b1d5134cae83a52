// Is YARN RPC protected on the wire? Reads every captured client→server Hadoop RPC stream (to the RM's and NMs' RPC
// ports): its connection header (SASL or none) and its frames — plain calls a reader can parse, or SASL WRAP frames
// (hadoop.rpc.protection integrity/privacy). "wrapped": every connection negotiated SASL and sent no plain call.
// "clear": calls crossed unwrapped (protection authentication, or simple auth).
import { loadCaptures } from "../wire/capture-analysis.ts";
import { isHadoopRpcClientStream, summarizeHadoopRpc, type HadoopRpcStreamSummary } from "../wire/hadoop-rpc-frames.ts";
import { capturedPrefix } from "../wire/tcp-flows.ts";
import type { Checker, CheckResult } from "./checker.ts";

/** YARN's RPC server ports: RM scheduler (AM), tracker (NM), client, admin; NM container manager. */
const YARN_RPC_PORTS = new Set([8030, 8031, 8032, 8033, 8041]);

export interface YarnRpcProtectionSpec {
  kind: "yarn-rpc-protection";
  expect: "wrapped" | "clear";
}

export function yarnRpcProtection(expect: YarnRpcProtectionSpec["expect"]): YarnRpcProtectionSpec {
  return { kind: "yarn-rpc-protection", expect };
}

export const yarnRpcProtectionChecker: Checker<YarnRpcProtectionSpec> = {
  kind: "yarn-rpc-protection",
  check(spec, ev): CheckResult {
    const streams: Array<HadoopRpcStreamSummary & { node: string; stream: string }> = [];
    for (const c of loadCaptures(ev.pcapsDir)) {
      for (const s of c.streams) {
        const data = capturedPrefix(s);
        if (!YARN_RPC_PORTS.has(s.dstPort) || !isHadoopRpcClientStream(data)) continue;
        streams.push({ node: c.node, stream: s.key, ...summarizeHadoopRpc(data) });
      }
    }
    // a connection that closed before any call (a probe, a failed login) shows nothing either way
    const used = streams.filter((s) => s.plainCalls + s.wrapped > 0);
    if (used.length === 0) return { valid: "unknown", message: `no YARN RPC connection with calls was captured (${streams.length} connection header(s) seen)`, evidence: { streams: streams.slice(0, 20) } };
    const clear = used.filter((s) => s.plainCalls > 0);
    const notSasl = used.filter((s) => s.auth !== "sasl");
    const wrapped = used.filter((s) => s.wrapped > 0 && s.plainCalls === 0 && s.auth === "sasl");
    const evidence = { connections: used.length, wrapped: wrapped.length, clear: clear.length, withoutSasl: notSasl.length, streams: used.slice(0, 20) };
    const first = clear[0];
    const said =
      clear.length === 0
        ? `all ${used.length} YARN RPC connection(s) negotiated SASL and sent every call inside WRAP frames (${wrapped.reduce((n, s) => n + s.wrapped, 0)} wrapped, 0 plain)`
        : `${clear.length} of ${used.length} YARN RPC connection(s) sent calls in the clear (first: ${first!.node} ${first!.stream}, auth ${first!.auth}, ${first!.plainCalls} plain call(s))`;
    const got = clear.length === 0 ? "wrapped" : "clear";
    return { valid: got === spec.expect, message: `${said}; expected ${spec.expect}`, evidence };
  },
};
