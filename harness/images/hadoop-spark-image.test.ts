import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AttestBundle } from "./attest-bundles.ts";
import { hadoopSparkImageTag, writeAttestTools } from "./hadoop-spark-image.ts";
import { loadManifest } from "./manifest.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "shieldlab-hs-"));
  dirs.push(d);
  return d;
};
const bundle = (name: string, code: string): AttestBundle => ({ name, entry: `${name}.ts`, code: new TextEncoder().encode(code) });

describe("hadoopSparkImageTag", () => {
  const m = loadManifest();

  it("is stable for the same inputs", () => {
    const b = [bundle("verifier", "console.log(1)")];
    expect(hadoopSparkImageTag(m, "shieldlab/base:x", b)).toBe(hadoopSparkImageTag(m, "shieldlab/base:x", b));
  });

  it("changes when a bundle's bytes change, or a bundle appears", () => {
    const t1 = hadoopSparkImageTag(m, "shieldlab/base:x", [bundle("verifier", "console.log(1)")]);
    const t2 = hadoopSparkImageTag(m, "shieldlab/base:x", [bundle("verifier", "console.log(2)")]);
    const t3 = hadoopSparkImageTag(m, "shieldlab/base:x", [bundle("verifier", "console.log(1)"), bundle("ratls-client", "")]);
    expect(new Set([t1, t2, t3]).size).toBe(3);
  });
});

describe("writeAttestTools", () => {
  it("writes <name>.cjs per bundle and copies only *.py from the scripts folder", () => {
    const scripts = temp();
    writeFileSync(join(scripts, "ima-fanotify.py"), "print('x')\n");
    writeFileSync(join(scripts, "notes.md"), "not copied\n");
    mkdirSync(join(scripts, "sub"));
    const out = join(temp(), "attest");
    const written = writeAttestTools([bundle("cca-device", "// device"), bundle("verifier", "// v")], out, scripts);
    expect(written).toEqual(["cca-device.cjs", "verifier.cjs", "ima-fanotify.py"]);
    expect(readdirSync(out).sort()).toEqual(["cca-device.cjs", "ima-fanotify.py", "verifier.cjs"]);
    expect(readFileSync(join(out, "verifier.cjs"), "utf8")).toBe("// v");
  });

  it("creates an empty folder when there is nothing to ship yet", () => {
    const out = join(temp(), "attest");
    expect(writeAttestTools([], out, join(tmpdir(), "shieldlab-no-such-dir"))).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
  });
});
