import { describe, expect, it } from "vitest";
import { thrownHarnessError } from "../errors/thrown-error.ts";
import { loadManifest } from "../images/manifest.ts";
import { flagValues, parseLanes, parseRepeat, parseVersionFlags } from "./cli-options.ts";

const m = loadManifest();
const bad = (fn: () => unknown): string => thrownHarnessError(fn, "INVALID_INPUT").message;

describe("parseLanes", () => {
  it("takes 1 to 4 and refuses anything else with a hint", () => {
    expect(parseLanes("2")).toBe(2);
    expect(parseLanes("1")).toBe(1);
    for (const bad of ["0", "5", "two", "1.5", ""]) expect(() => parseLanes(bad)).toThrow(/--lanes must be a whole number from 1 to 4/);
  });
});

describe("parseRepeat", () => {
  it("takes 1…100 and refuses the rest", () => {
    expect(parseRepeat("3")).toBe(3);
    expect(bad(() => parseRepeat("0"))).toContain("--repeat must be a whole number from 1 to 100");
  });
});

describe("flagValues", () => {
  it("collects every occurrence, spaced or with =", () => {
    expect(flagValues(["run", "x/", "--matrix", "spark=3.5.x", "--keep", "--matrix=hadoop=3.3.6"], "--matrix")).toEqual(["spark=3.5.x", "hadoop=3.3.6"]);
    expect(flagValues(["run"], "--matrix")).toEqual([]);
  });

  it("refuses a flag without its value", () => {
    expect(bad(() => flagValues(["run", "--matrix"], "--matrix"))).toContain("--matrix needs a value");
    expect(bad(() => flagValues(["run", "--matrix", "--keep"], "--matrix"))).toContain("--matrix needs a value");
  });
});

describe("parseVersionFlags", () => {
  it("selects nothing without flags (the default pair)", () => {
    expect(parseVersionFlags({}, m)).toEqual({});
  });

  it("resolves --spark and --hadoop to exact releases", () => {
    expect(parseVersionFlags({ spark: "3.2.x", hadoop: "3.3.6" }, m)).toEqual({ spark: ["3.2.2"], hadoop: ["3.3.6"] });
  });

  it("resolves each --matrix axis, dropping duplicates", () => {
    const v = parseVersionFlags({ matrix: ["spark=3.5.x, 4.0.5,4.1.x,4.0.5", "hadoop=3.3.6,3.4.3"] }, m);
    expect(v.spark).toHaveLength(3);
    expect(v.spark![1]).toBe("4.0.5");
    expect(v.hadoop).toEqual(["3.3.6", "3.4.3"]);
  });

  it("combines a matrix axis with a single release of the other component", () => {
    expect(parseVersionFlags({ hadoop: "3.4.3", matrix: ["spark=3.2.1,3.2.2"] }, m)).toEqual({ spark: ["3.2.1", "3.2.2"], hadoop: ["3.4.3"] });
  });

  it("refuses an unlisted release, naming the flag and the supported ones", () => {
    expect(bad(() => parseVersionFlags({ spark: "3.4.1" }, m))).toMatch(/^--spark: spark "3\.4\.1" is not supported; supported: 2\.3\.4, 2\.4\.5, 2\.4\.6, 3\.2\.1/);
    expect(bad(() => parseVersionFlags({ matrix: ["hadoop=3.3.6,2.10.2"] }, m))).toContain('--matrix hadoop: hadoop "2.10.2" is not supported');
  });

  it("refuses a component named twice", () => {
    expect(bad(() => parseVersionFlags({ spark: "3.5.x", matrix: ["spark=4.0.5"] }, m))).toContain("spark is given twice (--spark and --matrix spark)");
    expect(bad(() => parseVersionFlags({ matrix: ["hadoop=3.3.6", "hadoop=3.4.3"] }, m))).toContain("hadoop is given twice");
  });

  it("refuses a matrix axis that is not spark or hadoop, or an empty version", () => {
    expect(bad(() => parseVersionFlags({ matrix: ["scala=2.13"] }, m))).toContain("--matrix wants <component>=<version>,<version>… with component spark or hadoop");
    expect(bad(() => parseVersionFlags({ matrix: ["3.5.x"] }, m))).toContain('got "3.5.x"');
    expect(bad(() => parseVersionFlags({ matrix: ["spark=3.5.x,,4.0.5"] }, m))).toContain("empty version");
  });
});
