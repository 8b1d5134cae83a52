// Verifier nonces: single use, with a TTL. A nonce carries its own expiry and a MAC under the verifier's nonce key,
// so "issued by us, unexpired" needs no state; only the used-nonce record does (kept in memory, or persisted by the
// caller through onUsed). The clock is injectable for tests.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const NONCE_BYTES = 32;
/** random ‖ expiry (ms, uint64 BE) ‖ HMAC-SHA256(key, random ‖ expiry) truncated. */
const RANDOM_BYTES = 8;
const EXPIRY_BYTES = 8;
const MAC_BYTES = NONCE_BYTES - RANDOM_BYTES - EXPIRY_BYTES;
export const NONCE_KEY_BYTES = 32;
export type NonceVerdict = "ok" | "unknown" | "used" | "expired";

export interface NonceStoreOptions {
  /** Default 60 s. */
  ttlMs?: number;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** The MAC key nonces are issued under (32 bytes); default a fresh random key, so a new store knows no old nonce. */
  key?: Uint8Array;
  /** A used-nonce record to continue (hex → expiry ms), e.g. reloaded after a restart. */
  used?: Iterable<readonly [string, number]>;
  /** Called after each nonce is consumed, with the whole record (for persisting it). */
  onUsed?: (used: ReadonlyMap<string, number>) => void;
  /** Issued nonces counted in `outstanding` at most (a metric only); default 100 000. */
  maxOutstanding?: number;
}

export interface IssuedNonce {
  nonce: Uint8Array;
  expiresAt: Date;
}

export class NonceStore {
  readonly ttlMs: number;
  readonly #now: () => number;
  readonly #key: Uint8Array;
  readonly #max: number;
  readonly #onUsed: ((used: ReadonlyMap<string, number>) => void) | undefined;
  /** Issued and not yet consumed (hex → expiry), for the outstanding count only. */
  readonly #open = new Map<string, number>();
  /** Consumed nonces, remembered until one TTL after they expired (to say "used" rather than "expired"). */
  readonly #used: Map<string, number>;

  constructor(o: NonceStoreOptions = {}) {
    this.ttlMs = o.ttlMs ?? 60_000;
    this.#now = o.now ?? Date.now;
    this.#key = o.key ?? new Uint8Array(randomBytes(NONCE_KEY_BYTES));
    this.#max = o.maxOutstanding ?? 100_000;
    this.#onUsed = o.onUsed;
    this.#used = new Map(o.used ?? []);
  }

  /** A fresh nonce, valid for ttlMs. */
  issue(): IssuedNonce {
    this.#prune();
    const expires = this.#now() + this.ttlMs;
    const body = Buffer.alloc(RANDOM_BYTES + EXPIRY_BYTES);
    randomBytes(RANDOM_BYTES).copy(body);
    body.writeBigUInt64BE(BigInt(expires), RANDOM_BYTES);
    const nonce = new Uint8Array(Buffer.concat([body, this.#mac(body)]));
    this.#open.set(Buffer.from(nonce).toString("hex"), expires);
    while (this.#open.size > this.#max) this.#open.delete(this.#open.keys().next().value!);
    return { nonce, expiresAt: new Date(expires) };
  }

  /** Consumes a nonce: "ok" exactly once for a nonce issued under our key that has not expired. */
  consume(nonce: Uint8Array): NonceVerdict {
    if (nonce.length !== NONCE_BYTES) return "unknown";
    const buf = Buffer.from(nonce);
    const body = buf.subarray(0, RANDOM_BYTES + EXPIRY_BYTES);
    if (!timingSafeEqual(buf.subarray(RANDOM_BYTES + EXPIRY_BYTES), this.#mac(body))) return "unknown";
    const hex = buf.toString("hex");
    this.#open.delete(hex);
    if (this.#used.has(hex)) return "used";
    const expires = Number(body.readBigUInt64BE(RANDOM_BYTES));
    if (this.#now() > expires) return "expired";
    this.#prune();
    this.#used.set(hex, expires);
    this.#onUsed?.(this.#used);
    return "ok";
  }

  /** The used-nonce record (hex → expiry ms), oldest first. */
  usedEntries(): [string, number][] {
    this.#prune();
    return [...this.#used];
  }

  /** Nonces issued and not yet consumed or expired (by this process). */
  get outstanding(): number {
    this.#prune();
    return this.#open.size;
  }

  #mac(body: Uint8Array): Buffer {
    return createHmac("sha256", this.#key).update(body).digest().subarray(0, MAC_BYTES);
  }

  #prune(): void {
    const now = this.#now();
    for (const [hex, exp] of this.#used) if (now > exp + this.ttlMs) this.#used.delete(hex);
    for (const [hex, exp] of this.#open) if (now > exp) this.#open.delete(hex);
  }
}
