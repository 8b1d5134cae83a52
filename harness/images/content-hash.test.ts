import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ContentHasher, listFiles } from "./content-hash.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp folder holding `files` (path → content), written in the given order. */
function tree(files: [string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), "shieldlab-hash-"));
  dirs.push(dir);
  for (const [path, content] of files) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const files: [string, string][] = [
  ["Dockerfile", "FROM scratch\n"],
  ["conf/yarn-site.xml", "<configuration/>\n"],
  ["conf/nested/deep.txt", "deep\n"],
  ["entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n"],
];
const tagOf = (dir: string): string => new ContentHasher().tree("recipe", dir).tag();

describe("ContentHasher", () => {
  it("gives a 12-hex-digit tag", () => {
    expect(tagOf(tree(files))).toMatch(/^[0-9a-f]{12}$/);
  });

  it("gives the same tag for the same tree in another folder", () => {
    expect(tagOf(tree(files))).toBe(tagOf(tree(files)));
  });

  it("does not depend on the order in which the files were created", () => {
    expect(tagOf(tree([...files].reverse()))).toBe(tagOf(tree(files)));
  });

  it("changes when one byte of a file changes", () => {
    const changed = files.map(([p, c]): [string, string] => [p, p === "conf/yarn-site.xml" ? "<configuration/>\r" : c]);
    expect(tagOf(tree(changed))).not.toBe(tagOf(tree(files)));
  });

  it("changes when a file's executable bit changes", () => {
    const a = tree(files);
    const b = tree(files);
    chmodSync(join(a, "entrypoint.sh"), 0o644);
    chmodSync(join(b, "entrypoint.sh"), 0o755);
    expect(tagOf(a)).not.toBe(tagOf(b));
    chmodSync(join(b, "entrypoint.sh"), 0o644);
    expect(tagOf(a)).toBe(tagOf(b));
  });

  it("changes when a file is renamed or moved, even with the same content", () => {
    const moved = files.map(([p, c]): [string, string] => [p === "conf/nested/deep.txt" ? "conf/deep.txt" : p, c]);
    expect(tagOf(tree(moved))).not.toBe(tagOf(tree(files)));
  });

  it("changes when a file is added", () => {
    expect(tagOf(tree([...files, ["extra", ""]]))).not.toBe(tagOf(tree(files)));
  });

  it("changes with the tree's name and with added values", () => {
    const dir = tree(files);
    expect(new ContentHasher().tree("other", dir).tag()).not.toBe(tagOf(dir));
    expect(new ContentHasher().value("hadoop", "3.4.3").tree("recipe", dir).tag()).not.toBe(
      new ContentHasher().value("hadoop", "3.4.4").tree("recipe", dir).tag(),
    );
    expect(new ContentHasher().value("hadoop", "3.4.3").tag()).toBe(new ContentHasher().value("hadoop", "3.4.3").tag());
  });
});

describe("listFiles", () => {
  it("lists every file under the folder, recursing into subfolders, in an order independent of creation", () => {
    const listed = (d: string): string[] => listFiles(d).map((f) => relative(d, f));
    const a = listed(tree([...files].reverse()));
    expect([...a].sort()).toEqual(files.map(([p]) => p).sort());
    expect(a).toEqual(listed(tree(files)));
    expect(a.indexOf("conf/nested/deep.txt")).toBeLessThan(a.indexOf("conf/yarn-site.xml"));
  });
});
