import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Relative imports of a source text that leave harness/cluster for a layer's folder. */
function layerImports(source: string): string[] {
  return [...source.matchAll(/(?:from|import)\s*\(?\s*["'](\.\.\/(?:attest|wire|attacks|kdc|layers)\/[^"']+)["']/g)].map((m) => m[1]!);
}

describe("harness/cluster knows no layer by name", () => {
  it("finds a layer import when there is one", () => {
    expect(layerImports('import { StartedAttestation } from "../attest/host/started-attestation.ts";')).toEqual(["../attest/host/started-attestation.ts"]);
    expect(layerImports('x: import("../wire/capture-sidecar.ts").StartedCapture')).toEqual(["../wire/capture-sidecar.ts"]);
  });

  it("has none in any of its source files", () => {
    const dir = import.meta.dirname;
    const found = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .flatMap((f) => layerImports(readFileSync(join(dir, f), "utf8")).map((i) => `${f}: ${i}`));
    expect(found).toEqual([]);
  });
});
