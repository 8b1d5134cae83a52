import { describe, expect, it } from "vitest";
import { parseHadoopXml, renderHadoopXml } from "./hadoop-xml.ts";

describe("renderHadoopXml / parseHadoopXml", () => {
  it("round-trips names and values, including numbers and booleans as strings", () => {
    const xml = renderHadoopXml(
      [
        ["fs.defaultFS", "file:///"],
        ["yarn.nodemanager.resource.memory-mb", 4096],
        ["yarn.acl.enable", false],
      ],
      "core",
    );
    const m = parseHadoopXml(xml);
    expect([...m]).toEqual([
      ["fs.defaultFS", "file:///"],
      ["yarn.nodemanager.resource.memory-mb", "4096"],
      ["yarn.acl.enable", "false"],
    ]);
  });

  it("escapes &, <, > and \" and reads them back unchanged", () => {
    const tricky = `a & b < c > d "quoted" &amp; &lt;already&gt;`;
    const xml = renderHadoopXml([["x.tricky", tricky], ["x.<name>&", "v"]], "comment with <tags> & ampersands");
    // the raw characters never appear unescaped inside the document body
    const body = xml.slice(xml.indexOf("<configuration>") + "<configuration>".length, xml.indexOf("</configuration>"));
    const text = body.replace(/<\/?(property|name|value)>/g, "");
    expect(text).not.toMatch(/[<>"]/);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    expect(xml).toContain("&amp;amp;");
    const m = parseHadoopXml(xml);
    expect(m.get("x.tricky")).toBe(tricky);
    expect(m.get("x.<name>&")).toBe("v");
    expect(m.size).toBe(2);
  });

  it("keeps the comment inside an XML comment, escaped", () => {
    const xml = renderHadoopXml([["k", "v"]], "rendered by <shieldlab>");
    expect(xml).toMatch(/^<\?xml version="1\.0"\?>\n<!-- rendered by &lt;shieldlab&gt; -->\n<configuration>\n/);
    expect(xml.endsWith("</configuration>\n")).toBe(true);
  });

  it("renders an empty value and reads it back as empty", () => {
    const m = parseHadoopXml(renderHadoopXml([["yarn.scheduler.capacity.root.acl_submit_applications", " "], ["empty", ""]], "c"));
    expect(m.get("yarn.scheduler.capacity.root.acl_submit_applications")).toBe(" ");
    expect(m.get("empty")).toBe("");
  });

  it("throws when a property is rendered twice, naming it", () => {
    expect(() =>
      renderHadoopXml(
        [
          ["a", "1"],
          ["yarn.acl.enable", true],
          ["yarn.acl.enable", false],
        ],
        "c",
      ),
    ).toThrow("property yarn.acl.enable rendered twice");
  });

  it("parses properties spread over several lines with whitespace between the tags", () => {
    const xml = `<configuration>\n  <property>\n    <name>a.b</name>\n    <value>1</value>\n  </property>\n</configuration>`;
    expect(parseHadoopXml(xml).get("a.b")).toBe("1");
  });
});
