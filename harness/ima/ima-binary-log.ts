// binary_runtime_measurements: le32 PCR ‖ 20-byte template digest ‖ le32 name length ‖ name ‖ le32 data length ‖ data.
import { HarnessError } from "../errors/harness-error.ts";
import { IMA_MAX_PCR } from "./ima-policy-keywords.ts";
import { decodeImaNg, TEMPLATE_HASH_SIZE, type ImaLogEntry } from "./ima-template.ts";

/** TCG_EVENT_NAME_LEN_MAX. */
const MAX_NAME_LEN = 255;
/** A sanity bound on one record's template data (a path is at most PATH_MAX; signatures are a few KiB). */
const MAX_DATA_LEN = 1 << 20;

/** The bytes of one record. */
export function encodeBinaryRecord(entry: ImaLogEntry): Buffer {
  const name = Buffer.from(entry.templateName, "latin1");
  const head = Buffer.alloc(4 + TEMPLATE_HASH_SIZE + 4);
  head.writeUInt32LE(entry.pcr, 0);
  entry.templateHash.copy(head, 4, 0, TEMPLATE_HASH_SIZE);
  head.writeUInt32LE(name.length, 4 + TEMPLATE_HASH_SIZE);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(entry.templateData.length);
  return Buffer.concat([head, name, len, entry.templateData]);
}

/** The size of one record in the binary log. */
export function binaryRecordSize(entry: ImaLogEntry): number {
  return 4 + TEMPLATE_HASH_SIZE + 4 + entry.templateName.length + 4 + entry.templateData.length;
}

/** The whole binary log, as the kernel's binary_runtime_measurements reads on a little-endian machine. */
export function writeBinaryLog(entries: readonly ImaLogEntry[]): Buffer {
  return Buffer.concat(entries.map(encodeBinaryRecord));
}

export interface BinaryParseOptions {
  /** Byte offset of `bytes[0]` in the whole log, and the index of its first record (for error messages). */
  baseOffset?: number;
  baseIndex?: number;
  /** Stop before an incomplete last record instead of failing (a log read while it grows). */
  allowPartialTail?: boolean;
}

export interface BinaryParseResult {
  entries: ImaLogEntry[];
  /** Bytes consumed: all of them unless allowPartialTail left an incomplete record. */
  consumed: number;
}

/** Parses a binary log; a bad record throws INVALID_INPUT naming its index and byte offset. */
export function parseBinaryLog(bytes: Uint8Array, options: BinaryParseOptions = {}): BinaryParseResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const base = options.baseOffset ?? 0;
  const entries: ImaLogEntry[] = [];
  let pos = 0;
  let complete = 0;
  for (let index = options.baseIndex ?? 0; pos < buf.length; index++) {
    const at = pos;
    const where = `binary IMA log record ${index} at byte ${base + at}`;
    const bad = (msg: string): HarnessError => new HarnessError("INVALID_INPUT", `${where}: ${msg}`);
    const need = (n: number, what: string): boolean => {
      if (pos + n <= buf.length) return true;
      if (options.allowPartialTail) return false;
      throw bad(`truncated: ${what} needs ${n} bytes at byte ${base + pos}, only ${buf.length - pos} left`);
    };
    if (!need(4 + TEMPLATE_HASH_SIZE + 4, "the PCR, template digest and name length")) break;
    const pcr = buf.readUInt32LE(pos);
    if (pcr > IMA_MAX_PCR) throw bad(`PCR index ${pcr}; allowed: 0..${IMA_MAX_PCR}`);
    const templateHash = Buffer.from(buf.subarray(pos + 4, pos + 4 + TEMPLATE_HASH_SIZE));
    const nameLen = buf.readUInt32LE(pos + 4 + TEMPLATE_HASH_SIZE);
    pos += 4 + TEMPLATE_HASH_SIZE + 4;
    if (nameLen === 0 || nameLen > MAX_NAME_LEN) throw bad(`template name length ${nameLen}; allowed: 1..${MAX_NAME_LEN}`);
    if (!need(nameLen + 4, "the template name and data length")) break;
    const templateName = buf.subarray(pos, pos + nameLen).toString("latin1");
    pos += nameLen;
    if (templateName !== "ima-ng") throw bad(`template ${JSON.stringify(templateName.replace(/[^\x20-\x7e]/g, "?"))}; the emulation reads ima-ng only`);
    const dataLen = buf.readUInt32LE(pos);
    pos += 4;
    if (dataLen > MAX_DATA_LEN) throw bad(`template data length ${dataLen} is beyond ${MAX_DATA_LEN}`);
    if (!need(dataLen, "the template data")) break;
    const templateData = Buffer.from(buf.subarray(pos, pos + dataLen));
    pos += dataLen;
    const fields = decodeImaNg(templateData, where);
    entries.push({ pcr, templateHash, templateName: "ima-ng", templateData, ...fields });
    complete = pos;
  }
  return { entries, consumed: complete };
}
