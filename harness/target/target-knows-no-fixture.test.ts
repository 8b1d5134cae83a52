// Nothing in harness/ learns the external fixture cluster's names or ports except through its target file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

describe("harness/ and the external-yarn fixture", () => {
  it("names none of its hosts, ports, network, realm or volume", () => {
    const words = /ext\.test|EXT\.TEST|yarn-master|worker-[ab]\b|external-yarn|ext-yarn-staging|\b180(30|31|32|33|40|41|42|88)\b|10\.231\.23\./;
    const hits = sources("harness").flatMap((f) => readFileSync(f, "utf8").split("\n").map((l, i) => [f, i + 1, l] as const).filter(([, , l]) => words.test(l)));
    expect(hits.map(([f, n, l]) => `${f}:${n}: ${l.trim()}`)).toEqual([]);
  });
});
