import { z } from "zod";
import { describe, expect, it } from "vitest";
import { formatZodError, listProblems, zodProblems } from "./zod-format.ts";

function format(schema: z.ZodType, input: unknown, prefix?: string): string {
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) throw new Error("expected the input to be invalid");
  return formatZodError(r.error, prefix);
}

describe("formatZodError", () => {
  it("lists an enum's allowed values and the received value", () => {
    expect(format(z.object({ mode: z.enum(["client", "cluster"]) }), { mode: "local" })).toBe('mode: must be one of "client", "cluster", got "local"');
  });

  it("joins nested paths with dots, array indices included, after the prefix", () => {
    const s = z.object({ a: z.object({ b: z.array(z.object({ c: z.number() })) }) });
    expect(format(s, { a: { b: [{ c: 1 }, { c: "x" }] } }, "topology")).toMatch(/^topology\.a\.b\.1\.c: .*expected number.*, got "x"$/);
  });

  it("says (root) for a problem with the whole value", () => {
    expect(format(z.string(), 5)).toMatch(/^\(root\): .*, got 5$/);
  });

  it("names unknown keys", () => {
    expect(format(z.strictObject({ a: z.number() }), { a: 1, b: 2, c: 3 }, "x")).toBe('x: unknown key(s) "b", "c"');
  });

  it("gives one part per problem, separated by semicolons", () => {
    const out = format(z.object({ a: z.number(), b: z.enum(["x"]) }), { a: "1", b: "y" });
    expect(out.split("; ")).toHaveLength(2);
    expect(out).toContain("a: ");
    expect(out).toContain('b: must be one of "x", got "y"');
  });

  it("does not dump objects or arrays as the received value", () => {
    const out = format(z.object({ a: z.string() }), { a: { big: "x".repeat(500) } });
    expect(out).not.toContain("xxxx");
  });

  it("explains the union option that got furthest instead of 'Invalid input'", () => {
    const ref = z.union([z.enum(["plain", "auth"]), z.strictObject({ profile: z.enum(["plain", "auth"]) })]);
    expect(format(ref, "tls", "security")).toBe('security: must be one of "plain", "auth", got "tls"');
    expect(format(ref, { profile: "tls" }, "security")).toBe('security.profile: must be one of "plain", "auth", got "tls"');
  });

  it("uses custom messages from refinements", () => {
    const s = z.object({ n: z.number() }).superRefine((v, ctx) => {
      if (v.n > 1) ctx.addIssue({ code: "custom", path: ["n"], message: "too many" });
    });
    expect(format(s, { n: 2 })).toBe("n: too many");
  });
});

describe("zodProblems / listProblems", () => {
  it("gives every issue, each with its key path", () => {
    const r = z.strictObject({ a: z.number(), b: z.object({ c: z.enum(["x"]) }) }).safeParse({ a: "1", b: { c: "y" }, d: 1 }, { reportInput: true });
    if (r.success) throw new Error("expected the input to be invalid");
    const problems = zodProblems(r.error);
    expect(problems).toHaveLength(3);
    expect(problems).toContain('b.c: must be one of "x", got "y"');
    expect(problems).toContain('(root): unknown key(s) "d"');
  });

  it("puts one problem on the file's line and several one per line", () => {
    expect(listProblems("f.ts", ["a: bad"])).toBe("f.ts: a: bad");
    expect(listProblems("f.ts", ["a: bad", "b: worse"])).toBe("f.ts: 2 problems:\n  - a: bad\n  - b: worse");
  });
});
