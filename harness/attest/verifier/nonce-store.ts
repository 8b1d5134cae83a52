// Verifier nonces: 32 random bytes, single use, with a TTL; the clock is injectable for tests.
import { randomBytes } from "node:crypto";

export const NONCE_BYTES = 32;
export type NonceVerdict = "ok" | "unknown" | "used" | "expired";

export interface NonceStoreOptions {
  /** Default 60 s. */
  ttlMs?: number;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** Outstanding nonces kept at most (oldest dropped first); default 100 000. */
  maxOutstanding?: number;
}

export interface IssuedNonce {
  nonce: Uint8Array;
  expiresAt: Date;
}

export class NonceStore {
  readonly ttlMs: number;
  readonly #now: () => number;
  readonly #max: number;
  /** hex → expiry (ms); Map keeps issue order, so the oldest are first. */
  readonly #open = new Map<string, number>();
  /** Consumed nonces, remembered until they would have expired (to tell "used" from "unknown"). */
  readonly #used = new Map<string, number>();

  constructor(o: NonceStoreOptions = {}) {
    this.ttlMs = o.ttlMs ?? 60_000;
    this.#now = o.now ?? Date.now;
    this.#max = o.maxOutstanding ?? 100_000;
  }

  /** A fresh nonce, valid for ttlMs. */
  issue(): IssuedNonce {
    this.#prune();
    const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
    const expires = this.#now() + this.ttlMs;
    this.#open.set(Buffer.from(nonce).toString("hex"), expires);
    while (this.#open.size > this.#max) this.#open.delete(this.#open.keys().next().value!);
    return { nonce, expiresAt: new Date(expires) };
  }

  /** Consumes a nonce: "ok" exactly once for a nonce we issued that has not expired. */
  consume(nonce: Uint8Array): NonceVerdict {
    const hex = Buffer.from(nonce).toString("hex");
    const expires = this.#open.get(hex);
    if (expires === undefined) return this.#used.has(hex) ? "used" : "unknown";
    this.#open.delete(hex);
    if (this.#now() > expires) return "expired";
    this.#used.set(hex, expires);
    return "ok";
  }

  /** Nonces issued and not yet consumed or expired. */
  get outstanding(): number {
    this.#prune();
    return this.#open.size;
  }

  #prune(): void {
    const now = this.#now();
    for (const [hex, exp] of this.#used) if (now > exp + this.ttlMs) this.#used.delete(hex);
    // keep expired open nonces for one more TTL so that consume() can say "expired" rather than "unknown"
    for (const [hex, exp] of this.#open) if (now > exp + this.ttlMs) this.#open.delete(hex);
  }
}
