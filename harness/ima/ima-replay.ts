// Replays a measurement log: the SHA-1 PCR bank (PCR = H(PCR ‖ template hash)) and virtCCA REM[0] (SHA-256).
import { createHash } from "node:crypto";
import { IMA_DEFAULT_PCR } from "./ima-policy-keywords.ts";
import { binaryRecordSize } from "./ima-binary-log.ts";
import { isViolation, TEMPLATE_HASH_SIZE, templateHash, type ImaLogEntry } from "./ima-template.ts";

export const REM_SIZE = 32;

/** Where a replay stands: how far into the log, and the running values. */
export interface ReplayState {
  /** Entries replayed so far (the next entry's index). */
  readonly entries: number;
  /** Bytes of binary_runtime_measurements replayed so far (the next record's offset). */
  readonly byteOffset: number;
  /** SHA-1 bank value per PCR index that the log touched. */
  readonly pcrs: ReadonlyMap<number, Buffer>;
  /** virtCCA REM[0]: SHA256(REM0 ‖ SHA256(template data)) over every entry. */
  readonly rem0: Buffer;
}

/** All zeros, offset 0: where a replay starts at boot. */
export function initialReplayState(): ReplayState {
  return { entries: 0, byteOffset: 0, pcrs: new Map(), rem0: Buffer.alloc(REM_SIZE) };
}

/** Extends `from` with `entries`; a violation is extended as all-0xFF (its log digest is all zero). */
export function replayEntries(entries: readonly ImaLogEntry[], from: ReplayState = initialReplayState()): ReplayState {
  const pcrs = new Map(from.pcrs);
  let rem0 = from.rem0;
  let byteOffset = from.byteOffset;
  for (const e of entries) {
    const violation = isViolation(e);
    const sha1 = violation ? FF20 : e.templateHash;
    const prior = pcrs.get(e.pcr) ?? ZERO20;
    pcrs.set(e.pcr, createHash("sha1").update(prior).update(sha1).digest());
    const sha256 = violation ? FF32 : templateHash(e.templateData, "sha256");
    rem0 = createHash("sha256").update(rem0).update(sha256).digest();
    byteOffset += binaryRecordSize(e);
  }
  return { entries: from.entries + entries.length, byteOffset, pcrs, rem0 };
}

/** The SHA-1 bank value of one PCR (default 10) after the whole log. */
export function replayPcr(entries: readonly ImaLogEntry[], pcr = IMA_DEFAULT_PCR): Buffer {
  return replayEntries(entries).pcrs.get(pcr) ?? Buffer.alloc(TEMPLATE_HASH_SIZE);
}

/** REM[0] after the whole log, as a virtCCA verifier computes it. */
export function replayRem0(entries: readonly ImaLogEntry[]): Buffer {
  return replayEntries(entries).rem0;
}

/** Compares the replayed REM[0] with the token's; true only for an exact match. */
export function rem0Matches(entries: readonly ImaLogEntry[], expected: Uint8Array): boolean {
  return Buffer.from(expected).equals(replayRem0(entries));
}

/** The number of leading entries whose replay gives `expected` (a log read after the token may be longer), or undefined. */
export function rem0MatchingPrefix(entries: readonly ImaLogEntry[], expected: Uint8Array): number | undefined {
  const want = Buffer.from(expected);
  let rem0 = Buffer.alloc(REM_SIZE);
  if (rem0.equals(want)) return 0;
  for (const [i, e] of entries.entries()) {
    rem0 = createHash("sha256").update(rem0).update(isViolation(e) ? FF32 : templateHash(e.templateData, "sha256")).digest();
    if (rem0.equals(want)) return i + 1;
  }
  return undefined;
}

/** Entries whose recorded template hash is not SHA-1 of their template data (violations excepted): edited logs. */
export function templateHashMismatches(entries: readonly ImaLogEntry[]): { index: number; recorded: string; computed: string }[] {
  const out: { index: number; recorded: string; computed: string }[] = [];
  for (const [index, e] of entries.entries()) {
    if (isViolation(e)) continue;
    const computed = templateHash(e.templateData);
    if (!computed.equals(e.templateHash)) out.push({ index, recorded: e.templateHash.toString("hex"), computed: computed.toString("hex") });
  }
  return out;
}

const ZERO20 = Buffer.alloc(TEMPLATE_HASH_SIZE);
const FF20 = Buffer.alloc(TEMPLATE_HASH_SIZE, 0xff);
const FF32 = Buffer.alloc(REM_SIZE, 0xff);
