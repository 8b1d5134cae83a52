// Spark's network transport framing (org.apache.spark.network.protocol), enough to speak RPC to a driver:
// frame = int64 length (including itself) ‖ uint8 message type ‖ message header ‖ body.
import { HarnessError } from "../errors/harness-error.ts";

export const MessageType = { RpcRequest: 3, RpcResponse: 4, RpcFailure: 5, OneWayMessage: 9 } as const;

/** java.io.DataOutputStream.writeUTF (2-byte length; ASCII-safe strings only here). */
function writeUtf(s: string): Buffer {
  const b = Buffer.from(s, "utf8");
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

/** A NettyRpcEnv RequestMessage: sender address (none, as from a client), receiver address, endpoint name, content. */
export function requestMessage(receiverHost: string, receiverPort: number, endpoint: string, content: string): Buffer {
  const port = Buffer.alloc(4);
  port.writeInt32BE(receiverPort);
  // content: a java.io.ObjectOutputStream stream holding one String (TC_STRING)
  const str = Buffer.from(content, "utf8");
  const javaString = Buffer.concat([Buffer.from([0xac, 0xed, 0x00, 0x05, 0x74, str.length >> 8, str.length & 0xff]), str]);
  return Buffer.concat([Buffer.from([0]), Buffer.from([1]), writeUtf(receiverHost), port, writeUtf(endpoint), javaString]);
}

/** An RpcRequest frame: header = int64 request id ‖ int32 body size. */
export function rpcRequestFrame(requestId: bigint, body: Buffer): Buffer {
  const head = Buffer.alloc(8 + 1 + 8 + 4);
  head.writeBigInt64BE(BigInt(head.length + body.length), 0);
  head.writeUInt8(MessageType.RpcRequest, 8);
  head.writeBigInt64BE(requestId, 9);
  head.writeInt32BE(body.length, 17);
  return Buffer.concat([head, body]);
}

export interface DecodedFrame {
  type: number;
  typeName: string;
  /** Decimal string (a Java long). */
  requestId?: string;
  /** RpcFailure's error string, or a printable rendering of an RpcResponse body. */
  text: string;
}

/** Decodes the complete frames at the start of `buf`; returns them and the bytes used. */
export function decodeFrames(buf: Buffer): { frames: DecodedFrame[]; used: number } {
  const frames: DecodedFrame[] = [];
  let off = 0;
  while (off + 9 <= buf.length) {
    const len = Number(buf.readBigInt64BE(off));
    if (len < 9 || len > 64 * 1024 * 1024) throw new HarnessError("INVALID_INPUT", `Spark frame at offset ${off} has length ${len}`);
    if (off + len > buf.length) break;
    const type = buf[off + 8]!;
    const body = buf.subarray(off + 9, off + len);
    const name = Object.entries(MessageType).find(([, v]) => v === type)?.[0] ?? `type ${type}`;
    if (type === MessageType.RpcFailure && body.length >= 12) {
      const n = body.readInt32BE(8);
      frames.push({ type, typeName: name, requestId: body.readBigInt64BE(0).toString(), text: body.subarray(12, 12 + n).toString("utf8") });
    } else if (type === MessageType.RpcResponse && body.length >= 12) {
      frames.push({ type, typeName: name, requestId: body.readBigInt64BE(0).toString(), text: body.subarray(12).toString("latin1").replace(/[^\x20-\x7e]/g, ".") });
    } else {
      frames.push({ type, typeName: name, text: body.toString("latin1").replace(/[^\x20-\x7e]/g, ".").slice(0, 400) });
    }
    off += len;
  }
  return { frames, used: off };
}
