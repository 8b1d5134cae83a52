// Finds Spark's per-app secret inside Hadoop credentials carried by YARN RPC: the Writable Credentials format
// writes the alias as Text (vint length ‖ "sparkCookie") then vint length ‖ secret bytes (Spark: 64 hex chars).
import { createHash } from "node:crypto";
import { locate, type TcpStream } from "./tcp-flows.ts";

export const SPARK_SECRET_ALIAS = "sparkCookie";

export interface SecretSighting {
  stream: string;
  streamOffset: number;
  packet: number;
  fileOffset: number;
  /** sha256 of the secret (the secret itself is never written to reports or logs). */
  secretSha256: string;
  secretLength: number;
}

/** Every sparkCookie credential in the streams, with where it sits in the pcap. */
export function findSparkSecrets(streams: TcpStream[]): SecretSighting[] {
  const alias = Buffer.from([SPARK_SECRET_ALIAS.length, ...Buffer.from(SPARK_SECRET_ALIAS)]);
  const out: SecretSighting[] = [];
  for (const s of streams) {
    let at = s.data.indexOf(alias);
    while (at >= 0) {
      const lenAt = at + alias.length;
      const len = s.data[lenAt];
      // a one-byte vint covers lengths up to 127; Spark's secret is 64 characters
      if (len !== undefined && len > 0 && len <= 127 && lenAt + 1 + len <= s.data.length) {
        const secret = s.data.subarray(lenAt + 1, lenAt + 1 + len);
        out.push({
          stream: s.key,
          streamOffset: at,
          ...locate(s, at),
          secretSha256: createHash("sha256").update(secret).digest("hex"),
          secretLength: len,
        });
      }
      at = s.data.indexOf(alias, at + 1);
    }
  }
  return out;
}
