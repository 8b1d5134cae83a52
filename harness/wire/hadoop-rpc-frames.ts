// Hadoop RPC as a client sends it, read from a captured stream: the connection header ("hrpc", version, service
// class, auth protocol: 0 none / -33 SASL), then length-prefixed frames of a varint-delimited RpcRequestHeaderProto
// and its payload. A SASL exchange uses callId -33 with an RpcSaslProto (NEGOTIATE, INITIATE, RESPONSE, …); once a
// SASL QOP of integrity or privacy is agreed, every later call travels inside a WRAP message, so no plain call
// (callId ≥ 0) is left on the wire.

export const SASL_CALL_ID = -33;
const SASL_STATES = ["SUCCESS", "NEGOTIATE", "INITIATE", "CHALLENGE", "RESPONSE", "WRAP"] as const;
export type SaslState = (typeof SASL_STATES)[number] | `state-${number}`;

export interface HadoopRpcStreamSummary {
  /** The connection header's auth protocol. */
  auth: "none" | "sasl" | `other-${number}`;
  frames: number;
  /** SASL messages in order (state names). */
  sasl: SaslState[];
  /** Calls sent in the clear (callId ≥ 0): the RPC payload is readable. */
  plainCalls: number;
  /** SASL WRAP frames: calls sent integrity-protected or encrypted. */
  wrapped: number;
  /** Why parsing stopped early (a capture gap, a truncated frame), if it did. */
  stoppedAt?: string;
}

/** Whether a stream starts like a Hadoop RPC connection from its client. */
export function isHadoopRpcClientStream(data: Buffer): boolean {
  return data.length >= 7 && data.subarray(0, 4).toString("latin1") === "hrpc";
}

function varint(b: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = at; i < b.length && i < at + 10; i++) {
    value += (b[i]! & 0x7f) * 2 ** shift;
    if ((b[i]! & 0x80) === 0) return { value, next: i + 1 };
    shift += 7;
  }
  return undefined;
}

/** The value of a varint field (wire type 0) of a protobuf message; undefined when absent or malformed. */
export function protoVarintField(msg: Buffer, field: number): number | undefined {
  let i = 0;
  while (i < msg.length) {
    const tag = varint(msg, i);
    if (!tag) return undefined;
    const [num, type] = [Math.floor(tag.value / 8), tag.value % 8];
    i = tag.next;
    if (type === 0) {
      const v = varint(msg, i);
      if (!v) return undefined;
      if (num === field) return v.value;
      i = v.next;
    } else if (type === 2) {
      const len = varint(msg, i);
      if (!len) return undefined;
      i = len.next + len.value;
    } else if (type === 1) i += 8;
    else if (type === 5) i += 4;
    else return undefined;
  }
  return undefined;
}

const zigzag = (n: number): number => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

/** Reads a client→server Hadoop RPC stream frame by frame (up to `data`'s end: pass the prefix before any gap). */
export function summarizeHadoopRpc(data: Buffer): HadoopRpcStreamSummary {
  const authByte = data.readInt8(6);
  const out: HadoopRpcStreamSummary = { auth: authByte === 0 ? "none" : authByte === SASL_CALL_ID ? "sasl" : `other-${authByte}`, frames: 0, sasl: [], plainCalls: 0, wrapped: 0 };
  let at = 7;
  while (at + 4 <= data.length) {
    const len = data.readUInt32BE(at);
    const end = at + 4 + len;
    if (len === 0 || end > data.length) {
      out.stoppedAt = `frame at ${at}: ${len} bytes declared, ${data.length - at - 4} captured`;
      break;
    }
    const frame = data.subarray(at + 4, end);
    at = end;
    out.frames++;
    const hLen = varint(frame, 0);
    if (!hLen) {
      out.stoppedAt = `frame at ${at - frame.length - 4}: no header length`;
      break;
    }
    const header = frame.subarray(hLen.next, hLen.next + hLen.value);
    const rawCallId = protoVarintField(header, 3);
    if (rawCallId === undefined) continue;
    const callId = zigzag(rawCallId);
    if (callId >= 0) {
      out.plainCalls++;
      continue;
    }
    if (callId !== SASL_CALL_ID) continue;
    const pLen = varint(frame, hLen.next + hLen.value);
    if (!pLen) continue;
    const state = protoVarintField(frame.subarray(pLen.next, pLen.next + pLen.value), 2) ?? -1;
    const name: SaslState = SASL_STATES[state] ?? `state-${state}`;
    out.sasl.push(name);
    if (name === "WRAP") out.wrapped++;
  }
  return out;
}
