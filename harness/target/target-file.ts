// A cluster the harness did not build, described in a target file (YAML or JSON): where its ResourceManager answers,
// the Hadoop client configuration, how to authenticate, the tenants, the Spark client and (optionally) node access.
// Every problem in the file is listed in one INVALID_INPUT error, each with its key path and how to fix it.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { HarnessError } from "../errors/harness-error.ts";
import { listProblems, zodProblems } from "../util/zod-format.ts";

const HostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, "host:port (e.g. rm1.example.com:8032)");
const WebUrl = z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/, "http(s)://host:port with no path (e.g. http://rm1.example.com:8088)");
/** One address, or the ResourceManagers of an HA set (the active one is found at run time). */
const oneOrMore = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1).max(5)]).transform((v) => [v].flat() as z.output<T>[]);
const Name = z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, "a lower-case name starting with a letter (letters, digits, _ and -)");
const Principal = z.string().regex(/^[^@\s]+@[A-Z0-9.-]+$/, "a full principal, primary[/instance]@REALM (e.g. alice@EXAMPLE.COM)");
const FilePath = z.string().min(1, "a file path (relative paths are read from the target file's folder)");

const KeytabIdentity = z.strictObject({ principal: Principal, keytab: FilePath });

const KerberosSecurity = z.strictObject({
  mode: z.literal("kerberos"),
  realm: z.string().regex(/^[A-Z0-9.-]+$/, "the Kerberos realm in upper case (e.g. EXAMPLE.COM)"),
  /** The KDC (host or host:port); port 88 when none is given. */
  kdc: z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, "the KDC's host or host:port (e.g. kdc.example.com:88)"),
  /** The administrator: reads /conf under SPNEGO, and makes the changes a destructive step is allowed to make. */
  admin: KeytabIdentity,
  /** One principal + keytab per tenant (every tenant of `tenants` needs one). */
  tenants: z.record(z.string(), KeytabIdentity),
});

const SimpleSecurity = z.strictObject({ mode: z.literal("simple") });

const Tenant = z.strictObject({
  /** The OS user (simple auth: the user.name the RM believes); the tenant's name when not given. */
  user: Name.optional(),
  /** The YARN queue the tenant submits to. */
  queue: z.string().regex(/^[A-Za-z0-9_.-]+$/, "a queue name (root.alice or alice)"),
});

const SparkClient = z
  .strictObject({
    /** A Spark distribution on this machine (bin/spark-submit under it). */
    sparkHome: FilePath.optional(),
    /** The harness's own gateway image, started on the target's Docker network. */
    gatewayImage: z
      .strictObject({
        network: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "a Docker network name (docker network ls)"),
        /** The version pair of the image (images/manifest.json); its default pair when not given. */
        spark: z.string().optional(),
        hadoop: z.string().optional(),
        /** The cluster's Spark client configuration (spark-defaults.conf …), copied into the gateway's /opt/spark/conf. */
        sparkConfDir: FilePath.optional(),
        /** Docker volumes the gateway mounts, "volume:/path" (e.g. a staging folder shared with a cluster without HDFS). */
        volumes: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*:\/[^:]*$/, "volume:/absolute/path (a Docker volume and where the gateway mounts it)")).optional(),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.sparkHome === undefined) === (s.gatewayImage === undefined))
      ctx.addIssue({ code: "custom", message: "give exactly one of sparkHome (a Spark on this machine) or gatewayImage: { network } (the harness's gateway on the cluster's Docker network)" });
  });

const NodeAccess = z.strictObject({
  host: z.string().regex(/^[A-Za-z0-9.-]+$/, "a host name or address"),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1, "the SSH user"),
  /** The private key file. */
  key: FilePath,
  /** What runs there (node-level steps pick their node by role). */
  roles: z.array(z.enum(["resourcemanager", "nodemanager", "kdc", "gateway"])).min(1).default(["nodemanager"]),
});

export const TargetFileSchema = z
  .strictObject({
    /** A name for reports (the artifacts folder and the report say which target was tested). */
    name: Name,
    resourceManager: z.strictObject({
      /** The RM web address(es): http(s)://host:port; two or more for an HA set. */
      web: oneOrMore(WebUrl),
      /** The RM client RPC address(es) (yarn.resourcemanager.address), in the same order as `web`. */
      rpc: oneOrMore(HostPort),
    }),
    /** A Hadoop client configuration folder for this cluster (core-site.xml, yarn-site.xml). */
    hadoopConfDir: FilePath,
    security: z.discriminatedUnion("mode", [SimpleSecurity, KerberosSecurity]),
    tenants: z.record(z.string(), Tenant),
    spark: SparkClient,
    /** SSH access per node, for node-level steps (capture, tamper, faults) and the NM dir permissions check. */
    nodes: z.record(z.string(), NodeAccess).optional(),
  })
  .superRefine((t, ctx) => {
    for (const name of Object.keys(t.tenants))
      if (!Name.safeParse(name).success) ctx.addIssue({ code: "custom", path: ["tenants", name], message: `a tenant name must be lower-case, starting with a letter, got ${JSON.stringify(name)}` });
    if (Object.keys(t.tenants).length === 0) ctx.addIssue({ code: "custom", path: ["tenants"], message: "name at least one tenant: tenants: { alice: { queue: alice } }" });
    if (t.resourceManager.web.length !== t.resourceManager.rpc.length)
      ctx.addIssue({ code: "custom", path: ["resourceManager", "rpc"], message: `list one RPC address per web address (${t.resourceManager.web.length} web, ${t.resourceManager.rpc.length} rpc), in the same order` });
    if (t.security.mode === "kerberos") {
      for (const name of Object.keys(t.tenants))
        if (!t.security.tenants[name]) ctx.addIssue({ code: "custom", path: ["security", "tenants", name], message: `tenant ${name} has no principal and keytab: add security.tenants.${name}: { principal: ${name}@${t.security.realm}, keytab: … }` });
      for (const name of Object.keys(t.security.tenants))
        if (!t.tenants[name]) ctx.addIssue({ code: "custom", path: ["security", "tenants", name], message: `${name} is not a tenant: add it to tenants, or remove its identity` });
      for (const [name, id] of [["admin", t.security.admin], ...Object.entries(t.security.tenants)] as const) {
        const realm = id.principal.split("@")[1];
        if (realm && realm !== t.security.realm)
          ctx.addIssue({ code: "custom", path: ["security", ...(name === "admin" ? ["admin"] : ["tenants", name]), "principal"], message: `the principal's realm ${realm} is not security.realm ${t.security.realm}` });
      }
    }
  });
export type TargetFile = z.output<typeof TargetFileSchema>;

/** A target file, validated, with its relative paths resolved against its folder. */
export type Target = TargetFile & { file: string };

/** Parses YAML or JSON text (by the file's extension; YAML is a superset of JSON, so .yml/.yaml/.json all work). */
export function parseTargetText(text: string, where: string): unknown {
  try {
    return extname(where) === ".json" ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (cause) {
    throw new HarnessError("INVALID_INPUT", `${where}: not ${extname(where) === ".json" ? "JSON" : "YAML"} (${(cause as Error).message.split("\n")[0]})`, {
      cause,
      hint: "fix the syntax at the line named; docs/targets.md shows a complete target file",
    });
  }
}

/** What the file system must hold for the target file's paths (injectable for tests). */
export interface TargetFs {
  isFile(path: string): boolean;
  isDir(path: string): boolean;
}
const realFs: TargetFs = {
  isFile: (p) => existsSync(p) && statSync(p).isFile(),
  isDir: (p) => existsSync(p) && statSync(p).isDirectory(),
};

/** Every problem of the parsed value: the schema's, then (when the shape is right) the files it names. */
export function targetProblems(value: unknown, baseDir: string, fs: TargetFs = realFs): { target?: TargetFile; problems: string[] } {
  const r = TargetFileSchema.safeParse(value, { reportInput: true });
  if (!r.success) return { problems: zodProblems(r.error) };
  const t = resolvePaths(r.data, baseDir);
  const problems: string[] = [];
  const file = (key: string, p: string, what: string): void => {
    if (!fs.isFile(p)) problems.push(`${key}: ${what} ${p} is not there (or not a file): fix the path`);
  };
  if (!fs.isDir(t.hadoopConfDir)) problems.push(`hadoopConfDir: ${t.hadoopConfDir} is not a folder: point it at the cluster's client configuration (core-site.xml, yarn-site.xml)`);
  else if (!fs.isFile(`${t.hadoopConfDir}/yarn-site.xml`)) problems.push(`hadoopConfDir: ${t.hadoopConfDir} has no yarn-site.xml: copy the cluster's client configuration there`);
  const confDir = t.spark.gatewayImage?.sparkConfDir;
  if (confDir !== undefined && !fs.isDir(confDir)) problems.push(`spark.gatewayImage.sparkConfDir: ${confDir} is not a folder: point it at the cluster's Spark client configuration (spark-defaults.conf)`);
  if (t.spark.sparkHome !== undefined && !fs.isFile(`${t.spark.sparkHome}/bin/spark-submit`))
    problems.push(`spark.sparkHome: ${t.spark.sparkHome}/bin/spark-submit is not there: point sparkHome at a Spark distribution, or use spark.gatewayImage`);
  if (t.security.mode === "kerberos") {
    file("security.admin.keytab", t.security.admin.keytab, "the keytab");
    for (const [n, id] of Object.entries(t.security.tenants)) file(`security.tenants.${n}.keytab`, id.keytab, "the keytab");
  }
  for (const [n, node] of Object.entries(t.nodes ?? {})) file(`nodes.${n}.key`, node.key, "the SSH key");
  return { target: t, problems };
}

/** Reads, validates and resolves a target file; one INVALID_INPUT error lists every problem. */
export function loadTargetFile(path: string, fs: TargetFs = realFs): Target {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new HarnessError("INVALID_INPUT", `--target ${path}: cannot read the file (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`, { cause });
  }
  const { target, problems } = targetProblems(parseTargetText(text, file), dirname(file), fs);
  if (problems.length > 0 || !target)
    throw new HarnessError("INVALID_INPUT", listProblems(`invalid target file ${path}`, problems), { hint: "fix each key named; docs/targets.md describes every field" });
  return { ...target, file };
}

function resolvePaths(t: TargetFile, baseDir: string): TargetFile {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p.replace(/^~(?=\/)/, process.env.HOME ?? "~")));
  return {
    ...t,
    hadoopConfDir: abs(t.hadoopConfDir),
    spark:
      t.spark.sparkHome !== undefined
        ? { sparkHome: abs(t.spark.sparkHome) }
        : t.spark.gatewayImage?.sparkConfDir !== undefined
          ? { gatewayImage: { ...t.spark.gatewayImage, sparkConfDir: abs(t.spark.gatewayImage.sparkConfDir) } }
          : t.spark,
    security:
      t.security.mode === "kerberos"
        ? {
            ...t.security,
            admin: { ...t.security.admin, keytab: abs(t.security.admin.keytab) },
            tenants: Object.fromEntries(Object.entries(t.security.tenants).map(([n, id]) => [n, { ...id, keytab: abs(id.keytab) }])),
          }
        : t.security,
    ...(t.nodes ? { nodes: Object.fromEntries(Object.entries(t.nodes).map(([n, x]) => [n, { ...x, key: abs(x.key) }])) } : {}),
  };
}

/** A tenant's OS user (its name when the file gives none). */
export function tenantUser(t: TargetFile, tenant: string): string {
  return t.tenants[tenant]?.user ?? tenant;
}
