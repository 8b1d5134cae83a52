// A daemon's running configuration as Hadoop's ConfServlet (/conf) returns it: XML by default
// (<configuration><property><name>…</name><value>…</value><final>…</final><source>…</source></property>…), or JSON with
// ?format=json ({"properties":[{"key","value","isFinal","resource"}]}). Also reads *-site.xml files and
// spark-defaults.conf, so every source of the audit becomes the same name → value map.
import { HarnessError } from "../errors/harness-error.ts";

export interface ConfEntry {
  value: string;
  /** The file (or "programmatically") the daemon says the value came from, when it says. */
  source?: string;
}
export type ConfMap = ReadonlyMap<string, ConfEntry>;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!,
  );
}

/** The text of `<tag>…</tag>` (or "" for `<tag/>`) inside one property element; undefined when absent. */
function element(body: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}\\s*/>|<${tag}>([\\s\\S]*?)</${tag}>`).exec(body);
  return m ? unescapeXml(m[1] ?? "") : undefined;
}

/** Hadoop configuration XML (ConfServlet output or a *-site.xml file). The last <source> is where the value was set. */
export function parseConfXml(xml: string, where = "configuration XML"): Map<string, ConfEntry> {
  if (!/<configuration[\s>/]/.test(xml)) throw new HarnessError("INVALID_INPUT", `${where}: not a Hadoop <configuration> document (starts ${JSON.stringify(xml.trim().slice(0, 60))})`);
  const out = new Map<string, ConfEntry>();
  for (const m of xml.matchAll(/<property>([\s\S]*?)<\/property>/g)) {
    const body = m[1]!;
    const name = element(body, "name")?.trim();
    const value = element(body, "value");
    if (!name || value === undefined) continue;
    const sources = [...body.matchAll(/<source>([\s\S]*?)<\/source>/g)].map((s) => unescapeXml(s[1]!));
    out.set(name, { value, ...(sources.length ? { source: sources[sources.length - 1] } : {}) });
  }
  return out;
}

/** ConfServlet's ?format=json. */
export function parseConfJson(text: string, where = "configuration JSON"): Map<string, ConfEntry> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new HarnessError("INVALID_INPUT", `${where}: not JSON (${(cause as Error).message})`, { cause });
  }
  const props = (body as { properties?: unknown }).properties;
  if (!Array.isArray(props)) throw new HarnessError("INVALID_INPUT", `${where}: no "properties" array (ConfServlet's ?format=json answer)`);
  const out = new Map<string, ConfEntry>();
  for (const p of props as Array<{ key?: unknown; value?: unknown; resource?: unknown }>) {
    if (typeof p.key !== "string" || typeof p.value !== "string") continue;
    out.set(p.key, { value: p.value, ...(typeof p.resource === "string" ? { source: p.resource } : {}) });
  }
  return out;
}

/** XML or JSON, whichever the text is. */
export function parseConfDump(text: string, where: string): Map<string, ConfEntry> {
  return text.trimStart().startsWith("{") ? parseConfJson(text, where) : parseConfXml(text, where);
}

/** spark-defaults.conf: `key value` or `key=value` lines, # comments. */
export function parseSparkDefaults(text: string, source = "spark-defaults.conf"): Map<string, ConfEntry> {
  const out = new Map<string, ConfEntry>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (m) out.set(m[1]!, { value: m[2]!.trim(), source });
    else out.set(line, { value: "", source });
  }
  return out;
}

/** A map from [name, value] pairs (the harness's rendered config), every entry's source `source`. */
export function confOf(pairs: Iterable<readonly [string, string | number | boolean]>, source: string): Map<string, ConfEntry> {
  return new Map([...pairs].map(([k, v]) => [k, { value: String(v), source }]));
}
