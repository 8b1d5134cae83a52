// ascii_runtime_measurements: `10 <template-hash-hex> ima-ng sha256:<file-digest-hex> <path>` a line.
import { HarnessError } from "../errors/harness-error.ts";
import { IMA_MAX_PCR } from "./ima-policy-keywords.ts";
import { encodeImaNg, IMA_DIGEST_SIZES, TEMPLATE_HASH_SIZE, type ImaDigestAlgo, type ImaLogEntry } from "./ima-template.ts";

/** One line as ima_ascii_measurements_show prints it ("%2d " for the PCR); the path is printed raw. */
export function formatAsciiLine(entry: ImaLogEntry): string {
  return `${String(entry.pcr).padStart(2)} ${entry.templateHash.toString("hex")} ${entry.templateName} ${entry.algo}:${entry.digest.toString("hex")} ${entry.path}`;
}

/** The whole ASCII log, one newline-terminated line per entry. */
export function writeAsciiLog(entries: readonly ImaLogEntry[]): string {
  return entries.map((e) => formatAsciiLine(e) + "\n").join("");
}

/** Parses an ASCII log; a bad line throws INVALID_INPUT naming line and column (1-based). */
export function parseAsciiLog(text: string): ImaLogEntry[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((line, i) => parseAsciiLine(line, i + 1));
}

/** Parses one ASCII line back into an entry (template data rebuilt from the fields). */
export function parseAsciiLine(line: string, lineNo = 1): ImaLogEntry {
  const bad = (column: number, msg: string): HarnessError => new HarnessError("INVALID_INPUT", `ascii IMA log line ${lineNo}, column ${column}: ${msg}`);
  let pos = line.startsWith(" ") ? 1 : 0;
  const field = (what: string): [string, number] => {
    const end = line.indexOf(" ", pos);
    const shape = `(a line is "<pcr> <template-hash> ima-ng <algo>:<digest> <path>")`;
    if (end < 0) throw bad(line.length + 1, pos < line.length ? `the line ends after the ${what} ${shape}` : `missing ${what} ${shape}`);
    const out: [string, number] = [line.slice(pos, end), pos + 1];
    pos = end + 1;
    return out;
  };
  const [pcrText, pcrCol] = field("PCR index");
  const pcr = /^\d{1,2}$/.test(pcrText) ? Number(pcrText) : Number.NaN;
  if (!(pcr <= IMA_MAX_PCR)) throw bad(pcrCol, `PCR ${JSON.stringify(pcrText)}; allowed: 0..${IMA_MAX_PCR}`);
  const [hashHex, hashCol] = field("template hash");
  if (!new RegExp(`^[0-9a-f]{${TEMPLATE_HASH_SIZE * 2}}$`).test(hashHex)) throw bad(hashCol, `template hash must be ${TEMPLATE_HASH_SIZE * 2} lower-case hex digits`);
  const [name, nameCol] = field("template name");
  if (name !== "ima-ng") throw bad(nameCol, `template ${JSON.stringify(name)}; the emulation reads ima-ng only`);
  const [digestField, digestCol] = field("file digest");
  const colon = digestField.indexOf(":");
  const algo = digestField.slice(0, colon);
  if (colon < 0 || !(algo in IMA_DIGEST_SIZES)) throw bad(digestCol, `file digest must be <algo>:<hex> with algo one of ${Object.keys(IMA_DIGEST_SIZES).join(", ")}`);
  const size = IMA_DIGEST_SIZES[algo as ImaDigestAlgo];
  const hex = digestField.slice(colon + 1);
  if (!new RegExp(`^[0-9a-f]{${size * 2}}$`).test(hex)) throw bad(digestCol + colon + 1, `a ${algo} digest is ${size * 2} lower-case hex digits`);
  const path = line.slice(pos);
  if (path === "") throw bad(pos + 1, `missing path`);
  if (path.includes("\0")) throw bad(pos + 1 + path.indexOf("\0"), `NUL byte in the path`);
  const digest = Buffer.from(hex, "hex");
  const templateData = encodeImaNg(algo as ImaDigestAlgo, digest, path);
  return { pcr, templateHash: Buffer.from(hashHex, "hex"), templateName: "ima-ng", templateData, algo: algo as ImaDigestAlgo, digest, path };
}
