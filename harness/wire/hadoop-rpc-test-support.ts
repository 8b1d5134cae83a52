// Test support (no Docker): Hadoop RPC client streams built byte by byte, and a classic pcap holding them as TCP.
// Field numbers and types as hadoop-common's RpcHeader.proto declares them.
import { pcapFile, tcpFrame } from "./pcap-test-support.ts";
import { SASL_CALL_ID } from "./hadoop-rpc-frames.ts";

/** A protobuf base-128 varint. */
export const varint = (n: number): Buffer => {
  const out: number[] = [];
  let v = n;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return Buffer.from(out);
};
/** sint32's zigzag encoding. */
export const zigzag = (n: number): number => (n >= 0 ? 2 * n : -2 * n - 1);
export const vField = (field: number, value: number): Buffer => Buffer.concat([varint(field * 8), varint(value)]);
export const bField = (field: number, bytes: Buffer): Buffer => Buffer.concat([varint(field * 8 + 2), varint(bytes.length), bytes]);
const delimited = (msg: Buffer): Buffer => Buffer.concat([varint(msg.length), msg]);

export const CLIENT_ID = Buffer.alloc(16, 0xab);
/** RpcRequestHeaderProto: rpcKind = 1 (RPC_PROTOCOL_BUFFER = 2), rpcOp = 2, callId = 3 (sint32), clientId = 4, retryCount = 5 (sint32). */
export const requestHeader = (callId: number): Buffer => Buffer.concat([vField(1, 2), vField(2, 0), vField(3, zigzag(callId)), bField(4, CLIENT_ID), vField(5, zigzag(-1))]);
/** RpcSaslProto: version = 1, state = 2 (an enum), token = 3. */
export const saslMessage = (state: number, token?: Buffer): Buffer => Buffer.concat([vField(2, state), ...(token ? [bField(3, token)] : [])]);
export const SASL = { SUCCESS: 0, NEGOTIATE: 1, INITIATE: 2, CHALLENGE: 3, RESPONSE: 4, WRAP: 5 } as const;
export const CONNECTION_CONTEXT_CALL_ID = -3;

/** One frame: a 4-byte length, then the delimited header and the delimited payload. */
export const rpcFrame = (header: Buffer, payload: Buffer): Buffer => {
  const body = Buffer.concat([delimited(header), delimited(payload)]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
};
export const saslFrame = (state: number, token?: Buffer): Buffer => rpcFrame(requestHeader(SASL_CALL_ID), saslMessage(state, token));
export const callFrame = (callId: number, request = Buffer.from("getApplications")): Buffer => rpcFrame(requestHeader(callId), request);
/** The connection header: "hrpc", version 9, service class 0, auth protocol (0 none, -33 SASL). */
export const connectionHeader = (auth: number): Buffer => Buffer.concat([Buffer.from("hrpc"), Buffer.from([9, 0, auth & 0xff])]);

/** A client stream with hadoop.rpc.protection integrity/privacy: the SASL handshake, then only WRAP frames. */
export const wrappedStream = (calls = 2): Buffer =>
  Buffer.concat([connectionHeader(SASL_CALL_ID), saslFrame(SASL.NEGOTIATE), saslFrame(SASL.INITIATE, Buffer.from("gss")), ...Array.from({ length: calls + 1 }, (_, i) => saslFrame(SASL.WRAP, Buffer.from(`sealed ${i}`)))]);
/** A client stream with protection authentication: the SASL handshake, then the context and calls in the clear. */
export const saslClearStream = (calls = 2): Buffer =>
  Buffer.concat([connectionHeader(SASL_CALL_ID), saslFrame(SASL.NEGOTIATE), saslFrame(SASL.INITIATE), callFrame(CONNECTION_CONTEXT_CALL_ID), ...Array.from({ length: calls }, (_, i) => callFrame(i))]);
/** A client stream with simple auth: no SASL, the context and calls in the clear. */
export const simpleStream = (calls = 2): Buffer => Buffer.concat([connectionHeader(0), callFrame(CONNECTION_CONTEXT_CALL_ID), ...Array.from({ length: calls }, (_, i) => callFrame(i))]);

/** One TCP connection's client→server bytes: src:sport → dst:dport, a SYN then the data in 1000-byte segments. */
export interface ClientFlow {
  src: string;
  sport: number;
  dst: string;
  dport: number;
  data: Buffer;
}

/** A little-endian classic pcap (Ethernet) of the given client flows. */
export function pcapOf(flows: ClientFlow[]): Buffer {
  const frames: Buffer[] = [];
  for (const f of flows) {
    frames.push(tcpFrame(f.src, f.dst, f.sport, f.dport, 999, 0x02, Buffer.alloc(0)));
    for (let off = 0; off < f.data.length; off += 1000) frames.push(tcpFrame(f.src, f.dst, f.sport, f.dport, 1000 + off, 0x18, f.data.subarray(off, off + 1000)));
  }
  return pcapFile(frames);
}
