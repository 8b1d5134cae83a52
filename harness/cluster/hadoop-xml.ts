// Hadoop's <configuration> XML format, rendered from an ordered list of properties.
export type Properties = ReadonlyArray<readonly [name: string, value: string | number | boolean]>;

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function renderHadoopXml(props: Properties, comment: string): string {
  const seen = new Set<string>();
  for (const [name] of props) {
    if (seen.has(name)) throw new Error(`property ${name} rendered twice`);
    seen.add(name);
  }
  const body = props
    .map(([n, v]) => `  <property><name>${escapeXml(n)}</name><value>${escapeXml(String(v))}</value></property>`)
    .join("\n");
  return `<?xml version="1.0"?>\n<!-- ${escapeXml(comment).replace(/-{2,}/g, "-")} -->\n<configuration>\n${body}\n</configuration>\n`;
}

/** Reads back name → value (used by tests and `status`). */
export function parseHadoopXml(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const unescape = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  for (const m of xml.matchAll(/<property>\s*<name>([^<]*)<\/name>\s*<value>([^<]*)<\/value>\s*<\/property>/g)) {
    out.set(unescape(m[1]!), unescape(m[2]!));
  }
  return out;
}
