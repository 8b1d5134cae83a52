import { describe, expect, it } from "vitest";
import { toJson } from "./to-json.ts";

describe("toJson", () => {
  it("writes an object shared by two places twice (not a cycle)", () => {
    const versions = { spark: "3.5.9", hadoop: "3.4.3" };
    expect(JSON.parse(toJson({ a: { versions }, b: { versions }, list: [versions, versions] }))).toEqual({ a: { versions }, b: { versions }, list: [versions, versions] });
  });

  it("cuts a real cycle and writes BigInt as a decimal string", () => {
    const o: Record<string, unknown> = { n: 12345678901234567890n };
    o.self = o;
    o.child = { up: o };
    expect(JSON.parse(toJson(o))).toEqual({ n: "12345678901234567890", self: "[cycle]", child: { up: "[cycle]" } });
  });
});
