// The attestation tools (verifier, RA-TLS client, CCA device) run in the image as single-file CommonJS bundles:
// one esbuild bundle per harness/attest/<runtime>/bin/*.ts, so the image needs only Debian's nodejs, no node_modules.
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { buildSync, type BuildFailure, type Message } from "esbuild";
import { HarnessError } from "../errors/harness-error.ts";
import { repoRoot } from "../util/paths.ts";

/** The attestation folder; each runtime's entry points sit in its own `bin/` (verifier/bin, device/bin, agent/bin). */
export const attestRootDir = join(repoRoot, "harness", "attest");
/** Debian bookworm's nodejs is 18.x; the bundles must not need more. */
export const ATTEST_NODE_TARGET = "node18";

export interface AttestBundle {
  /** "verifier" for harness/attest/verifier/bin/verifier.ts → verifier.cjs */
  name: string;
  entry: string;
  code: Uint8Array;
}

/**
 * The entry points: every *.ts directly in `<dir>/<runtime>/bin/` except tests and declarations, in byte order of
 * their bundle name; two entries with one name would overwrite each other in the image, so that is an error.
 */
export function attestEntries(dir: string = attestRootDir): string[] {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((r) => r.isDirectory() && existsSync(join(dir, r.name, "bin")))
    .flatMap((r) =>
      readdirSync(join(dir, r.name, "bin"), { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts"))
        .map((e) => join(dir, r.name, "bin", e.name)),
    );
  const byName = new Map<string, string>();
  for (const e of entries) {
    const other = byName.get(basename(e, ".ts"));
    if (other) throw new HarnessError("IMAGE_BUILD_FAILED", `two attestation entries bundle to ${basename(e, ".ts")}.cjs: ${relative(dir, other)} and ${relative(dir, e)}; rename one`);
    byName.set(basename(e, ".ts"), e);
  }
  return [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => byName.get(n)!);
}

/**
 * Bundles every entry in memory (esbuild --bundle --platform=node --target=node18 --format=cjs), paths relative to
 * `root` so the output is the same on every machine. Throws IMAGE_BUILD_FAILED naming the entry that failed.
 */
export function bundleAttestTools(dir: string = attestRootDir, root: string = repoRoot): AttestBundle[] {
  return attestEntries(dir).map((entry) => {
    const name = basename(entry, ".ts");
    try {
      const result = buildSync({
        entryPoints: [entry],
        absWorkingDir: root,
        bundle: true,
        platform: "node",
        target: ATTEST_NODE_TARGET,
        format: "cjs",
        outfile: join(root, ".attest-bundles", `${name}.cjs`),
        write: false,
        logLevel: "silent",
        legalComments: "none",
      });
      const out = result.outputFiles.find((f) => f.path.endsWith(".cjs"));
      if (!out) throw new Error("esbuild produced no .cjs output");
      return { name, entry, code: out.contents };
    } catch (e) {
      const where = relative(root, entry);
      throw new HarnessError(
        "IMAGE_BUILD_FAILED",
        `esbuild could not bundle ${where} into ${name}.cjs for the hadoop-spark image: ${firstError(e)}. ` +
          `Fix the entry (or move it out of ${relative(root, dir)}/) and build again.`,
        { cause: e, logTail: formatMessages(e) },
      );
    }
  });
}

/** name → sha256 of each bundle, for the image's content hash. */
export function bundleDigests(bundles: AttestBundle[]): [string, string][] {
  return bundles.map((b) => [b.name, createHash("sha256").update(b.code).digest("hex")]);
}

function errorsOf(e: unknown): Message[] {
  const errors = (e as Partial<BuildFailure>)?.errors;
  return Array.isArray(errors) ? errors : [];
}

function formatMessage(m: Message): string {
  const loc = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : "";
  return `${loc}${m.text}`;
}

function firstError(e: unknown): string {
  const [first] = errorsOf(e);
  const more = errorsOf(e).length > 1 ? ` (and ${errorsOf(e).length - 1} more)` : "";
  return first ? `${formatMessage(first)}${more}` : (e as Error)?.message ?? String(e);
}

function formatMessages(e: unknown): string | undefined {
  const errs = errorsOf(e);
  return errs.length ? errs.slice(0, 10).map(formatMessage).join("\n") : undefined;
}
