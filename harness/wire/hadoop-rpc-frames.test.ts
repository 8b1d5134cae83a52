import { describe, expect, it } from "vitest";
import { SASL_CALL_ID, isHadoopRpcClientStream, protoVarintField, summarizeHadoopRpc } from "./hadoop-rpc-frames.ts";
import { CLIENT_ID, CONNECTION_CONTEXT_CALL_ID, SASL, bField, callFrame, connectionHeader, rpcFrame, saslFrame, saslClearStream, simpleStream, vField, varint, wrappedStream, zigzag } from "./hadoop-rpc-test-support.ts";

const frame = rpcFrame;
const sasl = saslFrame;
const call = callFrame;
const { NEGOTIATE, INITIATE, SUCCESS, RESPONSE, WRAP } = SASL;
const CONTEXT_CALL_ID = CONNECTION_CONTEXT_CALL_ID;

describe("summarizeHadoopRpc", () => {
  it("a SASL connection with integrity or privacy: the handshake, then only WRAP frames", () => {
    const stream = Buffer.concat([
      connectionHeader(SASL_CALL_ID),
      sasl(NEGOTIATE),
      sasl(INITIATE, Buffer.from("GSSAPI initial token")),
      sasl(SUCCESS),
      sasl(WRAP, Buffer.from("wrapped connection context")),
      sasl(WRAP, Buffer.from("wrapped call 0")),
      sasl(WRAP, Buffer.from("wrapped call 1")),
    ]);
    expect(summarizeHadoopRpc(stream)).toEqual({ auth: "sasl", frames: 6, sasl: ["NEGOTIATE", "INITIATE", "SUCCESS", "WRAP", "WRAP", "WRAP"], plainCalls: 0, wrapped: 3 });
  });

  it("a SASL connection with authentication only: the handshake, then the calls in the clear", () => {
    const stream = Buffer.concat([connectionHeader(SASL_CALL_ID), sasl(NEGOTIATE), sasl(INITIATE), sasl(RESPONSE), call(CONTEXT_CALL_ID), call(0), call(1)]);
    expect(summarizeHadoopRpc(stream)).toEqual({ auth: "sasl", frames: 6, sasl: ["NEGOTIATE", "INITIATE", "RESPONSE"], plainCalls: 2, wrapped: 0 });
  });

  it("simple auth (auth byte 0): the connection context and plain calls; negative call ids are not calls", () => {
    const stream = Buffer.concat([connectionHeader(0), call(CONTEXT_CALL_ID), call(0), call(1), call(-4 /* ping */), call(300), call(2_000_000_000)]);
    expect(summarizeHadoopRpc(stream)).toEqual({ auth: "none", frames: 6, sasl: [], plainCalls: 4, wrapped: 0 });
  });

  it("stops at a frame the capture cut short, saying where, and keeps what it read before", () => {
    const whole = Buffer.concat([connectionHeader(SASL_CALL_ID), sasl(NEGOTIATE), sasl(INITIATE), sasl(WRAP, Buffer.alloc(200, 1))]);
    const cut = whole.subarray(0, whole.length - 100);
    const s = summarizeHadoopRpc(cut);
    expect(s.frames).toBe(2);
    expect(s.sasl).toEqual(["NEGOTIATE", "INITIATE"]);
    expect(s.wrapped).toBe(0);
    const at = whole.length - sasl(WRAP, Buffer.alloc(200, 1)).length;
    expect(s.stoppedAt).toBe(`frame at ${at}: ${sasl(WRAP, Buffer.alloc(200, 1)).length - 4} bytes declared, ${cut.length - at - 4} captured`);
    // a zero-length frame is no Hadoop frame either
    expect(summarizeHadoopRpc(Buffer.concat([connectionHeader(0), call(0), Buffer.alloc(4)])).stoppedAt).toMatch(/: 0 bytes declared/);
    // a whole stream has no stoppedAt (and a length prefix cut in the middle is left alone)
    expect(summarizeHadoopRpc(whole).stoppedAt).toBeUndefined();
    expect(summarizeHadoopRpc(Buffer.concat([connectionHeader(0), call(0), Buffer.from([0, 0])])).plainCalls).toBe(1);
  });

  it("says where it stopped at a frame whose header length is no varint", () => {
    const bad = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from([0xff, 0xff, 0xff])]);
    const s = summarizeHadoopRpc(Buffer.concat([connectionHeader(0), call(0), bad, call(1)]));
    expect(s.plainCalls).toBe(1);
    expect(s.stoppedAt).toBe(`frame at ${7 + call(0).length}: no header length`);
  });

  it("names an unknown SASL state by its number and an unknown auth protocol by its byte", () => {
    expect(summarizeHadoopRpc(Buffer.concat([connectionHeader(SASL_CALL_ID), sasl(9)])).sasl).toEqual(["state-9"]);
    expect(summarizeHadoopRpc(Buffer.concat([connectionHeader(0x51), call(0)])).auth).toBe("other-81");
  });

  it("finds the call id after fields of every wire type, and skips a header that has none", () => {
    // callerContext (7, bytes) and stateId (8, varint) first, then a fixed64 and a fixed32 field, then callId
    const odd = Buffer.concat([bField(7, Buffer.from("ctx")), vField(8, 123456789), varint(9 * 8 + 1), Buffer.alloc(8), varint(10 * 8 + 5), Buffer.alloc(4), vField(3, zigzag(7))]);
    expect(summarizeHadoopRpc(Buffer.concat([connectionHeader(0), frame(odd, Buffer.from("x"))])).plainCalls).toBe(1);
    const noCallId = Buffer.concat([vField(1, 2), bField(4, CLIENT_ID)]);
    expect(summarizeHadoopRpc(Buffer.concat([connectionHeader(0), frame(noCallId, Buffer.from("x"))]))).toMatchObject({ frames: 1, plainCalls: 0 });
  });
});

describe("the support streams", () => {
  it("read as what they stand for", () => {
    expect(summarizeHadoopRpc(wrappedStream(2))).toMatchObject({ auth: "sasl", plainCalls: 0, wrapped: 3 });
    expect(summarizeHadoopRpc(saslClearStream(2))).toMatchObject({ auth: "sasl", plainCalls: 2, wrapped: 0 });
    expect(summarizeHadoopRpc(simpleStream(3))).toMatchObject({ auth: "none", plainCalls: 3, wrapped: 0 });
  });
});

describe("protoVarintField", () => {
  it("reads multi-byte varints, and gives undefined for an absent field or a cut message", () => {
    const msg = Buffer.concat([vField(1, 2), vField(3, 600), bField(4, CLIENT_ID)]);
    expect(protoVarintField(msg, 3)).toBe(600);
    expect(protoVarintField(msg, 1)).toBe(2);
    expect(protoVarintField(msg, 5)).toBeUndefined();
    expect(protoVarintField(msg.subarray(0, 3), 3)).toBeUndefined();
    expect(protoVarintField(vField(3, zigzag(SASL_CALL_ID)), 3)).toBe(65);
  });
});

describe("isHadoopRpcClientStream", () => {
  it("knows a Hadoop RPC connection by its header, not an HTTP request or a stub", () => {
    expect(isHadoopRpcClientStream(connectionHeader(0))).toBe(true);
    expect(isHadoopRpcClientStream(Buffer.from("GET /ws/v1/cluster HTTP/1.1\r\n"))).toBe(false);
    expect(isHadoopRpcClientStream(Buffer.from("hrpc"))).toBe(false);
  });
});
