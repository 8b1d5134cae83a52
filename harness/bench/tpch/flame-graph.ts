// A flame graph as a standalone SVG from folded stacks ("root;…;leaf count"), no dependency: root at the bottom,
// each frame as wide as its samples, coloured by its breakdown category, a <title> tooltip on every frame.
import { frameCategory, type Category } from "./jfr-breakdown.ts";

interface Node {
  name: string;
  value: number;
  children: Map<string, Node>;
}

export const CATEGORY_COLOURS: Record<Category, string> = {
  cipher: "#d1242f",
  network: "#0969da",
  serialization: "#8250df",
  compression: "#bf8700",
  parquet: "#1a7f37",
  "shuffle-sort": "#1b7c83",
  operators: "#fb8f44",
  planning: "#bf3989",
  classload: "#6e7781",
  gc: "#57606a",
  other: "#d0d7de",
};

export function buildTree(folded: ReadonlyMap<string, number>): Node {
  const root: Node = { name: "all", value: 0, children: new Map() };
  for (const [stack, n] of folded) {
    root.value += n;
    let node = root;
    for (const frame of stack.split(";")) {
      let child = node.children.get(frame);
      if (!child) node.children.set(frame, (child = { name: frame, value: 0, children: new Map() }));
      child.value += n;
      node = child;
    }
  }
  return root;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const short = (frame: string): string => {
  const parts = frame.split(".");
  return parts.length > 2 ? parts.slice(-2).join(".") : frame;
};

/** The SVG; frames narrower than `minWidthPx` are left out (their samples still count in their parents' width). */
export function renderFlameGraph(folded: ReadonlyMap<string, number>, o: { title: string; width?: number; frameHeight?: number; minWidthPx?: number }): string {
  const width = o.width ?? 1200;
  const fh = o.frameHeight ?? 16;
  const minW = o.minWidthPx ?? 0.3;
  const root = buildTree(folded);
  const rects: string[] = [];
  let maxDepth = 0;
  const scale = root.value > 0 ? (width - 20) / root.value : 0;
  const walk = (node: Node, x: number, depth: number): void => {
    const w = node.value * scale;
    if (w < minW) return;
    maxDepth = Math.max(maxDepth, depth);
    rects.push(`${depth}\u0000${x}\u0000${w}\u0000${node.name}\u0000${node.value}`);
    let cx = x;
    for (const child of [...node.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      walk(child, cx, depth + 1);
      cx += child.value * scale;
    }
  };
  walk(root, 10, 0);
  const top = 40;
  const height = top + (maxDepth + 1) * fh + 40;
  const body = rects
    .map((r) => {
      const [d, x, w, name, value] = r.split("\u0000") as [string, string, string, string, string];
      const y = height - 30 - (Number(d) + 1) * fh;
      const pct = root.value > 0 ? ((100 * Number(value)) / root.value).toFixed(2) : "0";
      const colour = name === "all" ? "#cccccc" : CATEGORY_COLOURS[frameCategory(name)];
      const label = Number(w) > 40 ? `<text x="${(Number(x) + 3).toFixed(1)}" y="${y + fh - 4}" font-size="11">${esc(short(name).slice(0, Math.floor(Number(w) / 7)))}</text>` : "";
      return `<g><title>${esc(name)} — ${value} samples (${pct} %)</title><rect x="${Number(x).toFixed(1)}" y="${y}" width="${Number(w).toFixed(1)}" height="${fh - 1}" fill="${colour}" opacity="0.8"/>${label}</g>`;
    })
    .join("\n");
  const legend = (Object.keys(CATEGORY_COLOURS) as Category[])
    .map((c, i) => `<rect x="${10 + i * 120}" y="${height - 20}" width="12" height="12" fill="${CATEGORY_COLOURS[c]}"/><text x="${26 + i * 120}" y="${height - 10}" font-size="11">${c}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="14" font-weight="bold" font-family="sans-serif">${esc(o.title)} (${root.value} samples)</text>
${body}
${legend}
</svg>
`;
}
