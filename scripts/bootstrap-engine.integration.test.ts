// README's first command on a new machine: scripts/bootstrap-engine.sh run inside a bare Debian 12 container (no
// engine, no dockerd, no docker client) must end with `docker info` answering there — and again after each way an
// engine can be found: answering, shutting down, stopped, a docker client whose dockerd is gone.
// dockerd in a container needs these capabilities (`--privileged` is refused on these machines); it runs on vfs.
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ensureBareDebianImage } from "../harness/images/bare-debian-image.ts";
import { newSessionId, sessionLabels } from "../harness/engine/session.ts";
import { artifactsDir, repoRoot } from "../harness/util/paths.ts";

const SCRIPT = process.env.SHIELDLAB_BOOTSTRAP_UNDER_TEST ?? join(repoRoot, "scripts", "bootstrap-engine.sh");
const name = `shieldlab-bootstrap-test-${process.pid}`;

interface Run {
  exitCode: number;
  output: string;
}

async function sh(script: string, user?: string): Promise<Run> {
  const r = await execa("docker", ["exec", ...(user ? ["--user", user] : []), name, "bash", "-c", script], { all: true, reject: false, timeout: 600_000 });
  return { exitCode: r.exitCode ?? -1, output: r.all ?? "" };
}

const bootstrap = (): Promise<Run> => sh("bash /bootstrap-engine.sh");
const dockerInfo = (): Promise<Run> => sh("timeout 20 docker info --format '{{.ServerVersion}} {{.Driver}}'");
// stops dockerd and waits (≤ 60 s) until no process named dockerd is left (minbase has no procps)
const STOP_DOCKERD = `kill -TERM $(cat /var/run/docker.pid); for i in $(seq 60); do grep -qx dockerd /proc/[0-9]*/comm 2>/dev/null || break; sleep 1; done; ! grep -qx dockerd /proc/[0-9]*/comm 2>/dev/null`;
const dockerdPid = async (): Promise<string> => (await sh("cat /var/run/docker.pid")).output.trim();

describe("bootstrap-engine.sh on a bare Debian 12 machine", () => {
  beforeAll(async () => {
    const image = await ensureBareDebianImage(join(artifactsDir, "image-builds"));
    const labels = Object.entries(sessionLabels(newSessionId(), "bootstrap-test")).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
    await execa("docker", [
      "run", "-d", "--init", "--name", name, ...labels,
      "--cap-add", "SYS_ADMIN", "--cap-add", "NET_ADMIN",
      "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
      "-v", `${SCRIPT}:/bootstrap-engine.sh:ro`,
      image, "sleep", "infinity",
    ]);
  }, 10 * 60_000);

  afterAll(async () => {
    await execa("docker", ["rm", "-f", "-v", name], { reject: false });
  });

  it("installs docker.io, iptables and mmdebstrap, writes the address pool and starts an engine that answers", async () => {
    // the fault is there: nothing of Docker on this machine
    expect((await sh("command -v docker || command -v dockerd || echo none")).output.trim()).toBe("none");
    const run = await bootstrap();
    expect(run.output, run.output).toMatch(/installing .*docker\.io/);
    expect(run.exitCode, run.output).toBe(0);
    const info = await dockerInfo();
    expect(info.exitCode, info.output).toBe(0);
    expect((await sh("cat /etc/docker/daemon.json")).output).toContain('"base":"198.18.0.0/16"');
    expect((await sh("command -v mmdebstrap iptables")).exitCode).toBe(0);
  }, 10 * 60_000);

  it("does nothing when the engine answers", async () => {
    const before = await dockerdPid();
    const run = await bootstrap();
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toContain("docker engine answers");
    expect(await dockerdPid()).toBe(before);
  }, 5 * 60_000);

  it("waits for a daemon that is still shutting down, then starts a new one", async () => {
    const before = await dockerdPid();
    const run = await sh(`kill -TERM ${before} && bash /bootstrap-engine.sh`);
    expect(run.exitCode, run.output).toBe(0);
    expect((await dockerInfo()).exitCode).toBe(0);
    expect(await dockerdPid()).not.toBe(before);
  }, 5 * 60_000);

  it("starts a stopped daemon", async () => {
    const stopped = await sh(STOP_DOCKERD);
    expect(stopped.exitCode, "dockerd did not stop").toBe(0);
    expect((await dockerInfo()).exitCode).not.toBe(0);
    const run = await bootstrap();
    expect(run.exitCode, run.output).toBe(0);
    expect((await dockerInfo()).exitCode).toBe(0);
  }, 5 * 60_000);

  it("reinstalls docker.io when only the docker client is left, and tells a non-root user what to run", async () => {
    const gone = await sh(`${STOP_DOCKERD} && rm -f $(command -v dockerd) && command -v docker && ! command -v dockerd`);
    expect(gone.exitCode, gone.output).toBe(0);
    const asUser = await sh("bash /bootstrap-engine.sh", "65534:65534");
    expect(asUser.exitCode).not.toBe(0);
    expect(asUser.output).toContain("not running as root; run: sudo apt-get install -y docker.io");
    const run = await bootstrap();
    expect(run.exitCode, run.output).toBe(0);
    expect((await dockerInfo()).exitCode).toBe(0);
  }, 10 * 60_000);
});
