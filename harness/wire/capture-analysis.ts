// Loads a scenario's pcaps (one per captured node) and reassembles their TCP streams, once per scenario.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readPcap } from "./pcap-reader.ts";
import { reassemble, tcpSegments, type TcpStream } from "./tcp-flows.ts";

export interface NodeCapture {
  node: string;
  file: string;
  packets: number;
  streams: TcpStream[];
}

/** YARN's own ports (RM RPC, scheduler, tracker, admin, NM RPC and web): not Spark traffic. */
export const YARN_PORTS = new Set([8030, 8031, 8032, 8033, 8041, 8042, 8088]);

const cache = new Map<string, NodeCapture[]>();

export function loadCaptures(pcapsDir: string): NodeCapture[] {
  const hit = cache.get(pcapsDir);
  if (hit) return hit;
  const out: NodeCapture[] = [];
  if (existsSync(pcapsDir)) {
    for (const f of readdirSync(pcapsDir).filter((x) => x.endsWith(".pcap")).sort()) {
      const file = join(pcapsDir, f);
      const pcap = readPcap(readFileSync(file), file);
      out.push({ node: f.replace(/\.pcap$/, ""), file, packets: pcap.packets.length, streams: reassemble(tcpSegments(pcap)) });
    }
  }
  cache.set(pcapsDir, out);
  return out;
}

export function isYarnStream(s: TcpStream): boolean {
  return YARN_PORTS.has(s.srcPort) || YARN_PORTS.has(s.dstPort);
}
