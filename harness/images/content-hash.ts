// Content hashes of image recipes: the same inputs always give the same tag, so nothing unchanged is rebuilt.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export class ContentHasher {
  readonly #hash = createHash("sha256");

  /** Adds a named value (JSON-serialised). */
  value(name: string, v: unknown): this {
    this.#hash.update(`value:${name}\0${JSON.stringify(v)}\0`);
    return this;
  }

  /** Adds every file under `dir` (sorted, by relative path and content). */
  tree(name: string, dir: string): this {
    for (const file of listFiles(dir)) {
      const st = statSync(file);
      this.#hash.update(`file:${name}/${relative(dir, file)}\0${st.mode & 0o111 ? "x" : "-"}\0`);
      this.#hash.update(readFileSync(file));
      this.#hash.update("\0");
    }
    return this;
  }

  /** First 12 hex digits, the image tag. */
  tag(): string {
    return this.#hash.digest("hex").slice(0, 12);
  }
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  // byte order, not localeCompare: the same tag on every machine, whatever its locale
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}
