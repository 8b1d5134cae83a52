// Append-only JSONL audit log: each record carries `prev`, the SHA-256 hex of the previous line (zeros for the first).
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { HarnessError } from "../../errors/harness-error.ts";

export const GENESIS_PREV = "0".repeat(64);

export interface ChainCheck {
  ok: boolean;
  records: number;
  /** 0-based line where the chain breaks. */
  brokenAt?: number;
  reason?: string;
}

/** SHA-256 hex of one line (without its newline). */
export function lineHash(line: string): string {
  return createHash("sha256").update(line, "utf8").digest("hex");
}

export class AuditLog {
  readonly path: string | undefined;
  #prev = GENESIS_PREV;
  #lines: string[] = [];

  /** With a path: the file is opened O_APPEND per write and the chain continues from its last line; without: in memory. */
  constructor(path?: string) {
    this.path = path;
    if (path && existsSync(path)) {
      const text = readFileSync(path, "utf8");
      const check = verifyAuditChain(text);
      if (!check.ok) throw new HarnessError("INVALID_INPUT", `audit log ${path}: chain broken at line ${check.brokenAt! + 1}: ${check.reason}`);
      this.#lines = splitLines(text);
      const last = this.#lines[this.#lines.length - 1];
      if (last !== undefined) this.#prev = lineHash(last);
    } else if (path) mkdirSync(dirname(path), { recursive: true });
  }

  /** Appends one record (with `prev` set) and returns the line written. */
  append(record: Record<string, unknown>): string {
    const line = JSON.stringify({ ...record, prev: this.#prev });
    if (this.path) {
      const fd = openSync(this.path, "a", 0o640);
      try {
        writeSync(fd, `${line}\n`);
      } finally {
        closeSync(fd);
      }
    }
    this.#lines.push(line);
    this.#prev = lineHash(line);
    return line;
  }

  /** The whole log as JSON lines. */
  text(): string {
    return this.#lines.map((l) => `${l}\n`).join("");
  }

  get size(): number {
    return this.#lines.length;
  }
}

/** Checks that every line is a JSON object whose `prev` is the SHA-256 of the line before it. */
export function verifyAuditChain(text: string): ChainCheck {
  const lines = splitLines(text);
  let prev = GENESIS_PREV;
  for (const [i, line] of lines.entries()) {
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      return { ok: false, records: i, brokenAt: i, reason: "not JSON" };
    }
    const got = rec !== null && typeof rec === "object" ? (rec as { prev?: unknown }).prev : undefined;
    if (got !== prev) return { ok: false, records: i, brokenAt: i, reason: `prev is ${JSON.stringify(got)}; expected ${prev}` };
    prev = lineHash(line);
  }
  return { ok: true, records: lines.length };
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
