import { describe, expect, it } from "vitest";
import { mirrorFromSources } from "./apt-mirror.ts";

describe("mirrorFromSources", () => {
  it("reads a deb822 stanza and skips the security archive", () => {
    const sec = "Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n";
    const main = "Types: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\nComponents: main\n";
    expect(mirrorFromSources([sec, main])).toBe("http://mirror.example/debian");
  });
  it("reads a one-line sources.list with options", () => {
    expect(mirrorFromSources(["# c\ndeb [arch=amd64] http://m.example/debian bookworm main\n"])).toBe("http://m.example/debian");
  });
  it("says nothing when no source names a mirror", () => {
    expect(mirrorFromSources(["deb-src http://x/debian bookworm main\n"])).toBeUndefined();
  });
});
