// Writes a stream of output to a file with the generated secrets already replaced, as it arrives: a crash, a kill or a
// second Ctrl-C between two chunks leaves only redacted bytes on disk (never "write raw now, sweep later"). A secret
// split across two chunks is caught: the tail that could start one is held back until the next chunk or the end.
import { closeSync, openSync, writeSync } from "node:fs";
import type { GeneratedSecret } from "./generated-secrets.ts";
import { redactBytes, secretForms } from "./secret-redactor.ts";

export class RedactingWriter {
  readonly #fd: number;
  readonly #secrets: () => readonly GeneratedSecret[];
  /** Bytes not yet written (latin1: one char per byte): the held-back tail. */
  #pending = "";
  #closed = false;

  /** Appends to `file`; `secrets` is asked at every chunk, so a secret registered mid-stream is redacted from then on. */
  constructor(file: string, secrets: () => readonly GeneratedSecret[]) {
    this.#fd = openSync(file, "a");
    this.#secrets = secrets;
  }

  write(chunk: Buffer | string): void {
    if (this.#closed) return;
    this.#pending += (typeof chunk === "string" ? Buffer.from(chunk) : chunk).toString("latin1");
    this.#flush(false);
  }

  /** Writes the held-back tail and closes the file. */
  end(): void {
    if (this.#closed) return;
    this.#flush(true);
    this.#closed = true;
    closeSync(this.#fd);
  }

  #flush(all: boolean): void {
    const secrets = this.#secrets();
    const redacted = redactBytes(Buffer.from(this.#pending, "latin1"), secrets, "text").bytes.toString("latin1");
    // a secret's first n-1 bytes may end this chunk: keep as many back (never a byte of a completed mark)
    const hold = all ? 0 : Math.max(0, ...secrets.flatMap((s) => secretForms(s).map((f) => f.length - 1)));
    const cut = Math.max(0, redacted.length - hold);
    if (cut > 0) writeSync(this.#fd, Buffer.from(redacted.slice(0, cut), "latin1"));
    this.#pending = redacted.slice(cut);
  }
}
