import { describe, expect, it } from "vitest";
import { auditContainerExecutor, parseContainerExecutorCfg, type NodeFacts } from "./container-executor-audit.ts";

const secure: NodeFacts = {
  containerExecutorClass: "org.apache.hadoop.yarn.server.nodemanager.LinuxContainerExecutor",
  binary: { path: "/opt/hadoop/bin/container-executor", exists: true, mode: "---Sr-s---", owner: "root", group: "hadoop" },
  cfg: {
    path: "/etc/hadoop/conf/container-executor.cfg",
    exists: true,
    owner: "root",
    group: "root",
    text: "yarn.nodemanager.linux-container-executor.group=hadoop\nbanned.users=root,yarn,hdfs,mapred,bin # system\nmin.user.id=1000\nallowed.system.users=nobody\n",
  },
  localDirs: [{ path: "/var/lib/hadoop/nm-local", exists: true, mode: "drwxr-xr-x", owner: "yarn", group: "hadoop" }],
  logDirs: [{ path: "/var/log/hadoop/userlogs", exists: true, mode: "drwxr-xr-x", owner: "yarn", group: "hadoop" }],
};

describe("container-executor audit (seed 003)", () => {
  it("finds nothing wrong with a setup that follows the checklist", () => {
    expect(auditContainerExecutor(secure)).toEqual([]);
  });

  it("reports each deviation with its fix", () => {
    const bad: NodeFacts = {
      ...secure,
      containerExecutorClass: "org.apache.hadoop.yarn.server.nodemanager.DefaultContainerExecutor",
      binary: { ...secure.binary, mode: "-rwsr-xr-x" },
      cfg: { ...secure.cfg, text: "banned.users=hdfs\nmin.user.id=500\nallowed.system.users=root\n", owner: "yarn" },
      localDirs: [{ path: "/var/lib/hadoop/nm-local", exists: true, mode: "drwxrwxrwx", owner: "root", group: "root" }],
    };
    const whats = auditContainerExecutor(bad).map((d) => d.what);
    expect(whats).toContain("yarn.nodemanager.container-executor.class");
    expect(whats).toContain("/opt/hadoop/bin/container-executor mode");
    expect(whats.filter((w) => w === "banned.users")).toHaveLength(4); // root, yarn, mapred, bin missing
    expect(whats).toContain("min.user.id");
    expect(whats).toContain("allowed.system.users");
    expect(whats).toContain("/etc/hadoop/conf/container-executor.cfg owner");
    expect(whats).toContain("/var/lib/hadoop/nm-local owner");
    expect(whats).toContain("/var/lib/hadoop/nm-local mode");
  });

  it("reports a missing binary and config", () => {
    const d = auditContainerExecutor({ ...secure, binary: { path: "/x", exists: false }, cfg: { path: "/y", exists: false } });
    expect(d.map((x) => `${x.what}: ${x.found}`)).toEqual(["setuid binary /x: missing", "config /y: missing"]);
  });

  it("parses key=value lines and ignores comments", () => {
    expect([...parseContainerExecutorCfg("# c\na=1\n b = x,y # note\nnoequals\n")]).toEqual([["a", "1"], ["b", "x,y"]]);
  });
});
