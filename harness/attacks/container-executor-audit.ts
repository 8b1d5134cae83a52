// Seed 003's secure-container checklist, applied to a NodeManager: LinuxContainerExecutor, a root-owned setuid
// container-executor (---Sr-s---), container-executor.cfg (banned.users, allowed.system.users, min.user.id),
// and local/log dirs owned by yarn:hadoop with drwxr-xr-x. Each deviation is reported with its fix.
export interface FileFact {
  path: string;
  exists: boolean;
  /** e.g. "---Sr-s---" or "drwxr-xr-x" (ls -l style, without the type for files) */
  mode?: string;
  owner?: string;
  group?: string;
}

export interface NodeFacts {
  containerExecutorClass: string;
  binary: FileFact;
  cfg: FileFact & { text?: string };
  localDirs: FileFact[];
  logDirs: FileFact[];
}

export interface Deviation {
  what: string;
  found: string;
  fix: string;
}

/** container-executor.cfg is key=value lines; # comments. */
export function parseContainerExecutorCfg(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const eq = line.indexOf("=");
    if (eq > 0) out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

const LCE = "org.apache.hadoop.yarn.server.nodemanager.LinuxContainerExecutor";

export function auditContainerExecutor(f: NodeFacts): Deviation[] {
  const d: Deviation[] = [];
  if (f.containerExecutorClass !== LCE)
    d.push({ what: "yarn.nodemanager.container-executor.class", found: f.containerExecutorClass, fix: `set it to ${LCE}: containers then run as the submitting user` });
  if (!f.binary.exists) d.push({ what: `setuid binary ${f.binary.path}`, found: "missing", fix: "install Hadoop's native container-executor, owned root:<NM group>, mode 6050 (---Sr-s---)" });
  else {
    if (f.binary.owner !== "root") d.push({ what: `${f.binary.path} owner`, found: f.binary.owner ?? "?", fix: "chown root" });
    if (f.binary.mode !== "---Sr-s---") d.push({ what: `${f.binary.path} mode`, found: f.binary.mode ?? "?", fix: "chmod 6050 (---Sr-s---)" });
  }
  if (!f.cfg.exists || f.cfg.text === undefined) {
    d.push({ what: `config ${f.cfg.path}`, found: "missing", fix: "create container-executor.cfg (root-owned) with banned.users, min.user.id, allowed.system.users" });
  } else {
    const cfg = parseContainerExecutorCfg(f.cfg.text);
    const banned = (cfg.get("banned.users") ?? "").split(",").map((x) => x.trim()).filter(Boolean);
    for (const u of ["root", "yarn", "hdfs", "mapred", "bin"]) {
      if (!banned.includes(u)) d.push({ what: "banned.users", found: banned.join(",") || "(unset)", fix: `add ${u}` });
    }
    const minUid = Number(cfg.get("min.user.id"));
    if (!Number.isFinite(minUid) || minUid < 1000) d.push({ what: "min.user.id", found: cfg.get("min.user.id") ?? "(unset)", fix: "set ≥ 1000 so system accounts cannot run containers" });
    const allowed = (cfg.get("allowed.system.users") ?? "").split(",").map((x) => x.trim()).filter(Boolean);
    if (allowed.some((u) => banned.includes(u) || u === "root")) d.push({ what: "allowed.system.users", found: allowed.join(","), fix: "never allow root or a banned user" });
    if (f.cfg.owner !== "root") d.push({ what: `${f.cfg.path} owner`, found: f.cfg.owner ?? "?", fix: "chown root (the binary refuses a config others can write)" });
  }
  for (const dir of [...f.localDirs, ...f.logDirs]) {
    if (!dir.exists) continue;
    if (dir.owner !== "yarn" || dir.group !== "hadoop") d.push({ what: `${dir.path} owner`, found: `${dir.owner}:${dir.group}`, fix: "chown yarn:hadoop" });
    if (dir.mode !== "drwxr-xr-x") d.push({ what: `${dir.path} mode`, found: dir.mode ?? "?", fix: "chmod 755 (drwxr-xr-x)" });
  }
  return d;
}
