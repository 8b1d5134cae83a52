import { describe, expect, it } from "vitest";
import { decodeFrames, MessageType, requestMessage, rpcRequestFrame } from "./spark-rpc-frames.ts";

describe("Spark transport frames", () => {
  it("encodes an RpcRequest: int64 frame length (incl. itself), type 3, request id, body size, body", () => {
    const body = Buffer.from("abc");
    const f = rpcRequestFrame(7n, body);
    expect(f.readBigInt64BE(0)).toBe(BigInt(f.length));
    expect(f[8]).toBe(MessageType.RpcRequest);
    expect(f.readBigInt64BE(9)).toBe(7n);
    expect(f.readInt32BE(17)).toBe(3);
    expect(f.subarray(21).toString()).toBe("abc");
  });

  it("writes a RequestMessage as NettyRpcEnv reads it: no sender, receiver host/port, endpoint, Java-serialised String", () => {
    const m = requestMessage("h", 40100, "ep", "hi");
    expect([...m.subarray(0, 2)]).toEqual([0, 1]); // no sender address; receiver address present
    expect(m.readUInt16BE(2)).toBe(1);
    expect(m.subarray(4, 5).toString()).toBe("h");
    expect(m.readInt32BE(5)).toBe(40100);
    expect(m.readUInt16BE(9)).toBe(2);
    expect(m.subarray(11, 13).toString()).toBe("ep");
    expect([...m.subarray(13)]).toEqual([0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x02, 0x68, 0x69]);
  });

  it("decodes an RpcFailure and keeps partial frames for later", () => {
    const err = Buffer.from("java.lang.IllegalStateException: Expected SaslMessage");
    const body = Buffer.alloc(12 + err.length);
    body.writeBigInt64BE(4242n, 0);
    body.writeInt32BE(err.length, 8);
    err.copy(body, 12);
    const frame = Buffer.concat([Buffer.alloc(9), body]);
    frame.writeBigInt64BE(BigInt(frame.length), 0);
    frame[8] = MessageType.RpcFailure;
    const { frames, used } = decodeFrames(Buffer.concat([frame, frame.subarray(0, 5)]));
    expect(used).toBe(frame.length);
    expect(frames).toEqual([{ type: 5, typeName: "RpcFailure", requestId: "4242", text: err.toString() }]);
    const bad = Buffer.alloc(16);
    bad.writeBigInt64BE(3n, 0);
    expect(() => decodeFrames(bad)).toThrow(/Spark frame at offset 0 has length 3/);
  });
});
