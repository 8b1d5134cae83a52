import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { SASL, connectionHeader, pcapOf, saslClearStream, saslFrame, simpleStream, wrappedStream, type ClientFlow } from "../wire/hadoop-rpc-test-support.ts";
import { SASL_CALL_ID } from "../wire/hadoop-rpc-frames.ts";
import { yarnRpcProtection, yarnRpcProtectionChecker } from "./yarn-rpc-protection-checker.ts";

const RM = "198.18.0.2";
const NM1 = "198.18.0.3";
const GW = "198.18.0.9";

/** The checker over one pcap per node (a fresh folder each time: captures are cached by folder). */
function check(expect: "wrapped" | "clear", pcaps: Record<string, ClientFlow[]>): { valid: unknown; message: string; evidence?: Record<string, unknown> } {
  const dir = mkdtempSync(join(tmpdir(), "shieldlab-yarn-rpc-"));
  for (const [node, flows] of Object.entries(pcaps)) writeFileSync(join(dir, `${node}.pcap`), pcapOf(flows));
  return yarnRpcProtectionChecker.check(yarnRpcProtection(expect), new ScenarioEvidence(new History(), new Map(), "/nonexistent", dir)) as never;
}

const flow = (src: string, sport: number, dst: string, dport: number, data: Buffer): ClientFlow => ({ src, sport, dst, dport, data });

describe("yarnRpcProtectionChecker", () => {
  it("wrapped: every YARN RPC connection negotiated SASL and sent only WRAP frames", () => {
    const pcaps = { rm: [flow(GW, 40001, RM, 8032, wrappedStream(2)), flow(NM1, 40002, RM, 8031, wrappedStream(5))] };
    const r = check("wrapped", pcaps);
    expect(r.valid).toBe(true);
    expect(r.message).toBe("all 2 YARN RPC connection(s) negotiated SASL and sent every call inside WRAP frames (9 wrapped, 0 plain); expected wrapped");
    expect(r.evidence).toMatchObject({ connections: 2, wrapped: 2, clear: 0, withoutSasl: 0 });
    // the same capture is no proof of calls in the clear
    expect(check("clear", pcaps).valid).toBe(false);
  });

  it("clear: SASL with authentication only, or simple auth, sends calls a reader can parse — and fails an expected wrapped", () => {
    for (const data of [saslClearStream(2), simpleStream(2)]) {
      const pcaps = { "nm-1": [flow(NM1, 40003, RM, 8031, data)] };
      const r = check("wrapped", pcaps);
      expect(r.valid).toBe(false);
      expect(r.message).toMatch(/^1 of 1 YARN RPC connection\(s\) sent calls in the clear \(first: nm-1 198\.18\.0\.3:40003 → 198\.18\.0\.2:8031, auth (sasl|none), 2 plain call\(s\)\); expected wrapped$/);
      expect(check("clear", pcaps).valid).toBe(true);
    }
  });

  it("one connection in the clear among wrapped ones makes the whole capture clear", () => {
    const r = check("wrapped", { rm: [flow(GW, 40001, RM, 8032, wrappedStream(2))], "nm-1": [flow(RM, 40010, NM1, 8041, saslClearStream(1))] });
    expect(r.valid).toBe(false);
    expect(r.message).toContain("1 of 2 YARN RPC connection(s) sent calls in the clear (first: nm-1");
  });

  it("unknown when no YARN RPC connection carried a call: no pcap, only handshakes, or other ports", () => {
    expect(check("wrapped", {}).valid).toBe("unknown");
    const handshakeOnly = Buffer.concat([connectionHeader(SASL_CALL_ID), saslFrame(SASL.NEGOTIATE), saslFrame(SASL.INITIATE)]);
    const r = check("wrapped", { rm: [flow(GW, 40001, RM, 8032, handshakeOnly)] });
    expect(r.valid).toBe("unknown");
    expect(r.message).toBe("no YARN RPC connection with calls was captured (1 connection header(s) seen)");
    // Hadoop RPC on a port that is not YARN's (an HDFS NameNode, say), and non-RPC bytes on a YARN port, are not counted
    const other = check("clear", { rm: [flow(GW, 40001, RM, 9000, simpleStream(3)), flow(GW, 40002, RM, 8032, Buffer.from("GET / HTTP/1.1\r\n\r\n"))] });
    expect(other.valid).toBe("unknown");
    expect(other.message).toContain("(0 connection header(s) seen)");
    expect(check("clear", { rm: [flow(GW, 40001, RM, 8032, handshakeOnly)] }).valid).toBe("unknown");
  });

  it("reads only the server-bound direction: a response stream from the RPC port is not a connection", () => {
    // bytes from port 8032 to a client port: responses, never a client header
    expect(check("clear", { rm: [flow(RM, 8032, GW, 40001, simpleStream(2))] }).valid).toBe("unknown");
  });
});
