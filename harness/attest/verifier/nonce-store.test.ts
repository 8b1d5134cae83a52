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
    expect(s.consume(nonce.subarray(0, 31))).toBe("unknown");
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
    expect(s.consume(b)).toBe("expired");
    expect(s.consume(a)).toBe("used");
    t += 10 * 60_000;
    s.issue();
    expect(s.consume(a)).toBe("expired"); // the used record forgets it, its own expiry still refuses it
    expect(s.usedEntries()).toEqual([]);
  });

  it("refuses a nonce with an edited expiry or one issued under another key", () => {
    const s = new NonceStore();
    const n = s.issue().nonce;
    const longer = new Uint8Array(n);
    longer[9] = longer[9]! ^ 0x80; // expiry bytes 8..15
    expect(s.consume(longer)).toBe("unknown");
    expect(new NonceStore().consume(n)).toBe("unknown");
    expect(s.consume(n)).toBe("ok");
  });

  it("a new store with the same key and the saved used record refuses a used nonce; without the record it accepts it", () => {
    const key = new Uint8Array(32).fill(3);
    const saved: [string, number][][] = [];
    const before = new NonceStore({ key, onUsed: (u) => saved.push([...u]) });
    const n = before.issue().nonce;
    expect(before.consume(n)).toBe("ok");
    expect(saved).toHaveLength(1);
    expect(new NonceStore({ key, used: saved[0] }).consume(n)).toBe("used");
    expect(new NonceStore({ key }).consume(n)).toBe("ok"); // the control: memory lost, replay accepted
  });

  it("counts at most maxOutstanding (a metric; nonces stay valid)", () => {
    const s = new NonceStore({ maxOutstanding: 2 });
    const first = s.issue().nonce;
    s.issue();
    s.issue();
    expect(s.outstanding).toBe(2);
    expect(s.consume(first)).toBe("ok");
  });
});
