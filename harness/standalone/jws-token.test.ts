import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signJws } from "./jws-token.ts";

describe("signJws", () => {
  const key = randomBytes(32).toString("base64url");
  it("is header.payload.signature, HS256 over the first two with the decoded key", () => {
    const t = signJws(key, { sub: "shieldlab" });
    const [h, p, sig] = t.split(".");
    expect(JSON.parse(Buffer.from(h!, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(JSON.parse(Buffer.from(p!, "base64url").toString())).toEqual({ sub: "shieldlab" });
    expect(sig).toBe(createHmac("sha256", Buffer.from(key, "base64url")).update(`${h}.${p}`).digest("base64url"));
  });
  it("refuses a key jjwt would call weak", () => {
    expect(() => signJws(randomBytes(16).toString("base64url"), {})).toThrow(/at least 256 bits, got 128/);
  });
});
