// Which of the harness's generated secrets a packet capture carries: each secret's value looked for in every
// reassembled TCP stream of every capture. Only the secret's kind and sha256 prefix leave this file, never the value.
// Captures are kept as recorded (they are the evidence), so a secret found here is on disk in that pcap.
import type { GeneratedSecret } from "../util/generated-secrets.ts";
import { HASH_PREFIX } from "../util/secret-redactor.ts";
import type { NodeCapture } from "./capture-analysis.ts";


export interface SecretSighting {
  /** The capture's node (nm-1) and file name (nm-1.pcap). */
  node: string;
  pcap: string;
  kind: string;
  sha256Prefix: string;
  /** Times the value occurs in the capture's streams. */
  count: number;
  /** The streams it occurs in ("198.18.1.3:41234 → 198.18.1.5:8041"), at most 5. */
  streams: string[];
  /** Where the first occurrence's bytes begin in the pcap file (open it at that offset to see it). */
  firstFileOffset?: number;
}

/** The secrets `captures` carry; [] when none (or no capture). */
export function findGeneratedSecrets(captures: readonly NodeCapture[], secrets: readonly GeneratedSecret[]): SecretSighting[] {
  const out: SecretSighting[] = [];
  for (const c of captures) {
    for (const s of secrets) {
      const needle = Buffer.from(s.value, "latin1");
      let count = 0;
      const streams: string[] = [];
      let firstFileOffset: number | undefined;
      for (const st of c.streams) {
        let n = 0;
        for (let at = st.data.indexOf(needle); at >= 0; at = st.data.indexOf(needle, at + needle.length)) {
          n++;
          firstFileOffset ??= fileOffsetOf(st.chunks, at);
        }
        if (n > 0 && streams.length < 5) streams.push(st.key);
        count += n;
      }
      if (count > 0) out.push({ node: c.node, pcap: c.file.split("/").pop()!, kind: s.kind, sha256Prefix: s.sha256.slice(0, HASH_PREFIX), count, streams, firstFileOffset });
    }
  }
  return out;
}

function fileOffsetOf(chunks: readonly { streamOffset: number; length: number; fileOffset: number }[], at: number): number | undefined {
  const c = chunks.find((x) => at >= x.streamOffset && at < x.streamOffset + x.length);
  return c ? c.fileOffset + (at - c.streamOffset) : undefined;
}
