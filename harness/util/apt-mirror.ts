// The Debian mirror the machine's apt sources name (deb822 .sources or one-line sources.list), for suites other than
// the machine's own (the Java 8 image's trixie root filesystem, sid's JDK package).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const DEFAULT_MIRROR = "http://deb.debian.org/debian";

/** The first `deb` URI of the main Debian archive in the given apt sources texts (security archives skipped). */
export function mirrorFromSources(texts: readonly string[]): string | undefined {
  for (const text of texts) {
    // deb822: "Types: deb" stanza with "URIs: …"
    for (const stanza of text.split(/\n\s*\n/)) {
      if (!/^Types:.*\bdeb\b/m.test(stanza)) continue;
      const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
      if (uri && !/security/.test(uri)) return uri.replace(/\/+$/, "");
    }
    // one-line: "deb [opts] URI suite components"
    for (const line of text.split("\n")) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+/.exec(line);
      if (m && !/security/.test(m[1]!)) return m[1]!.replace(/\/+$/, "");
    }
  }
  return undefined;
}

/** The machine's Debian mirror (/etc/apt/sources.list and sources.list.d/), else deb.debian.org. */
export function machineDebianMirror(root = "/etc/apt"): string {
  const files: string[] = [];
  if (existsSync(join(root, "sources.list"))) files.push(join(root, "sources.list"));
  const d = join(root, "sources.list.d");
  if (existsSync(d)) files.push(...readdirSync(d).filter((f) => /\.(list|sources)$/.test(f)).sort().map((f) => join(d, f)));
  return mirrorFromSources(files.map((f) => readFileSync(f, "utf8"))) ?? DEFAULT_MIRROR;
}
