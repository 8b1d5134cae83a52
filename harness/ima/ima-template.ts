// The ima-ng template: its data bytes (le32 len ‖ d-ng ‖ le32 len ‖ n-ng), its hash, and one log entry.
import { createHash } from "node:crypto";
import { HarnessError } from "../errors/harness-error.ts";
import { IMA_DEFAULT_PCR } from "./ima-policy-keywords.ts";

/** File-digest algorithms the emulation writes and reads in d-ng, with their digest sizes. */
export const IMA_DIGEST_SIZES = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 } as const;
export type ImaDigestAlgo = keyof typeof IMA_DIGEST_SIZES;
/** The binary log's template digest field is the SHA-1 bank value: 20 bytes. */
export const TEMPLATE_HASH_SIZE = 20;
export const BOOT_AGGREGATE = "boot_aggregate";

/** One measurement as the kernel keeps it (struct ima_template_entry, ima-ng only). */
export interface ImaLogEntry {
  pcr: number;
  /** SHA-1 of the template data; all zero for a violation. */
  templateHash: Buffer;
  templateName: "ima-ng";
  templateData: Buffer;
  algo: ImaDigestAlgo;
  /** The file digest; all zero for a violation. */
  digest: Buffer;
  path: string;
}

/** ima-ng template data for a file digest and path, length prefixes included. */
export function encodeImaNg(algo: ImaDigestAlgo, digest: Uint8Array, path: string): Buffer {
  if (digest.length !== IMA_DIGEST_SIZES[algo]) throw new HarnessError("INVALID_INPUT", `ima-ng: a ${algo} digest has ${IMA_DIGEST_SIZES[algo]} bytes, got ${digest.length}`);
  if (path.includes("\0")) throw new HarnessError("INVALID_INPUT", `ima-ng: path ${JSON.stringify(path)} contains a NUL byte`);
  const dng = Buffer.concat([Buffer.from(`${algo}:\0`, "latin1"), digest]);
  const nng = Buffer.from(path + "\0", "utf8");
  return Buffer.concat([le32(dng.length), dng, le32(nng.length), nng]);
}

/** Splits ima-ng template data into algo, digest and path; `where` names the record in the error. */
export function decodeImaNg(data: Buffer, where: string): { algo: ImaDigestAlgo; digest: Buffer; path: string } {
  const bad = (msg: string): HarnessError => new HarnessError("INVALID_INPUT", `${where}: ima-ng template data: ${msg}`);
  if (data.length < 4) throw bad(`${data.length} bytes, too short for a d-ng length`);
  const dLen = data.readUInt32LE(0);
  if (4 + dLen + 4 > data.length) throw bad(`d-ng length ${dLen} runs past the ${data.length}-byte template data`);
  const dng = data.subarray(4, 4 + dLen);
  const sep = dng.indexOf(":\0", 0, "latin1");
  if (sep < 0) throw bad(`d-ng has no "<algo>:\\0" prefix`);
  const algo = dng.subarray(0, sep).toString("latin1");
  if (!(algo in IMA_DIGEST_SIZES)) throw bad(`d-ng algorithm ${JSON.stringify(algo)}; allowed: ${Object.keys(IMA_DIGEST_SIZES).join(", ")}`);
  const digest = dng.subarray(sep + 2);
  const size = IMA_DIGEST_SIZES[algo as ImaDigestAlgo];
  if (digest.length !== size) throw bad(`d-ng ${algo} digest has ${digest.length} bytes, expected ${size}`);
  const nLen = data.readUInt32LE(4 + dLen);
  const nStart = 8 + dLen;
  if (nStart + nLen !== data.length) throw bad(`n-ng length ${nLen} does not end the ${data.length}-byte template data (ends at ${nStart + nLen})`);
  const nng = data.subarray(nStart);
  if (nLen === 0 || nng[nLen - 1] !== 0) throw bad(`n-ng is not NUL-terminated`);
  if (nng.indexOf(0) !== nLen - 1) throw bad(`n-ng has a NUL byte inside the path`);
  return { algo: algo as ImaDigestAlgo, digest: Buffer.from(digest), path: nng.subarray(0, nLen - 1).toString("utf8") };
}

/** The template hash: H(template data, length prefixes included); SHA-1 for the binary log's 20-byte field. */
export function templateHash(data: Uint8Array, algo: "sha1" | "sha256" = "sha1"): Buffer {
  return createHash(algo).update(data).digest();
}

/** A measurement entry for a file digest and path, as ima_store_measurement makes it. */
export function imaNgEntry(path: string, digest: Uint8Array, options: { algo?: ImaDigestAlgo; pcr?: number } = {}): ImaLogEntry {
  const algo = options.algo ?? "sha256";
  const templateData = encodeImaNg(algo, digest, path);
  return { pcr: options.pcr ?? IMA_DEFAULT_PCR, templateHash: templateHash(templateData), templateName: "ima-ng", templateData, algo, digest: Buffer.from(digest), path };
}

/** A violation (ToMToU, open-writers): logged with zero file digest and zero template hash (ima_add_violation). */
export function violationEntry(path: string, options: { algo?: ImaDigestAlgo; pcr?: number } = {}): ImaLogEntry {
  const algo = options.algo ?? "sha256";
  const e = imaNgEntry(path, Buffer.alloc(IMA_DIGEST_SIZES[algo]), options);
  return { ...e, templateHash: Buffer.alloc(TEMPLATE_HASH_SIZE) };
}

/** True for an entry recorded as a violation (zero template hash). */
export function isViolation(entry: Pick<ImaLogEntry, "templateHash">): boolean {
  return entry.templateHash.equals(ZERO_HASH);
}

const ZERO_HASH = Buffer.alloc(TEMPLATE_HASH_SIZE);

function le32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
