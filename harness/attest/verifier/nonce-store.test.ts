import { describe, expect, it } from "vitest";
import { NonceStore } from "./nonce-store.ts";

describe("NonceStore", () => {
  it("issues 32-byte nonces, each good exactly once", () => {
    const s = new NonceStore();
    const { nonce, expiresAt } = s.issue();
    expect(nonce.length).toBe(32);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(s.consume(nonce)).toBe("ok");
    expect(s.consume(nonce)).toBe("used");
    expect(s.consume(new Uint8Array(32))).toBe("unknown");
  });

  it("expires after the TTL on the injected clock", () => {
    let t = 1_000_000;
    const s = new NonceStore({ ttlMs: 60_000, now: () => t });
    const a = s.issue().nonce;
    const b = s.issue().nonce;
    t += 59_999;
    expect(s.consume(a)).toBe("ok");
    t += 2;
    expect(s.consume(b)).toBe("expired");
    expect(s.consume(b)).toBe("unknown");
    t += 10 * 60_000;
    s.issue();
    expect(s.consume(a)).toBe("unknown"); // forgotten once long expired
  });

  it("keeps at most maxOutstanding, dropping the oldest", () => {
    const s = new NonceStore({ maxOutstanding: 2 });
    const first = s.issue().nonce;
    s.issue();
    s.issue();
    expect(s.outstanding).toBe(2);
    expect(s.consume(first)).toBe("unknown");
  });
});
