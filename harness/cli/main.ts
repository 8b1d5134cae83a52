// The `shieldlab` command: up, status, submit, run, diff, merge, down, images, bench.
import { join, resolve } from "node:path";
import { defineCommand } from "citty";
import { attachCluster, listSessions } from "../cluster/attach-cluster.ts";
import { runOverheadBench } from "../bench/overhead-runner.ts";
import { ClusterBuilder } from "../cluster/cluster-builder.ts";
import { PROFILE_NAMES } from "../cluster/security-profile.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { assertEngine } from "../engine/docker-engine.ts";
import { reap } from "../engine/reaper.ts";
import { newSessionId } from "../engine/session.ts";
import { ensureImages } from "../images/image-set.ts";
import { createLogger } from "../log/logger.ts";
import { renderConsoleTable } from "../report/console-table.ts";
import { loadRunResults } from "../report/results-loader.ts";
import { baselineSection } from "../report/run-diff.ts";
import { writeRunReports } from "../report/run-writer.ts";
import { sparkSubmit } from "../spark/spark-submit.ts";
import { describeBrought } from "../scenario/control-selection.ts";
import { loadScenarios, selectLoaded } from "../scenario/scenario-loader.ts";
import { runSuite } from "../scenario/suite-runner.ts";
import { JOBS, type JobName } from "../steps/spark-submit-step.ts";
import { artifactsDir } from "../util/paths.ts";
import { KdcLayer } from "../kdc/kdc-layer.ts";
import { containerNameOf } from "../cluster/cluster-config.ts";
import { SEED_IMA_POLICY } from "../attest/host/attestation-options.ts";
import { AttestationLayer, attestationAttacher } from "../attest/host/attestation-layer.ts";
import { attestationOf } from "../attest/host/attestation-of.ts";
import { colorEnabled, colors } from "../util/terminal-color.ts";
import { formatError } from "./error-report.ts";
import { auditCommand } from "./audit-command.ts";
import { benchTpch } from "./bench-tpch-command.ts";
import { diff } from "./diff-command.ts";
import { images } from "./images-command.ts";
import { EXIT, runExitCode } from "./exit-codes.ts";
import { installBenchInterruptHandler, installInterruptHandler, wasInterrupted } from "./interrupts.ts";
import { flagValues, parseLanes, parseRepeat, parseShardFlags, parseVersionFlags } from "./cli-options.ts";
import { merge } from "./merge-command.ts";
import { describeShard, planShard } from "../scenario/shard-plan.ts";
import { loadManifest, manifestFor } from "../images/manifest.ts";
import { pairLabel, pairProblem, resolveVersion, standaloneOnlyProblem } from "../images/version-pair.ts";
import { parseTopology } from "../cluster/topology.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import { StandaloneClusterBuilder } from "../standalone/standalone-builder.ts";
import { markerJar } from "../standalone/marker-jar.ts";
import { restEnabled } from "../standalone/standalone-config.ts";
import { standaloneSubmit } from "../standalone/standalone-submit.ts";
import { expandRuns, selectionFor } from "../scenario/version-runs.ts";
import { reportFatal, runCli } from "./run-cli.ts";
import { runTargetOptions } from "./run-target.ts";

/** Clusters side by side by default: two (one leaves a fifth of two cores idle; see README "Benchmarks"). */
const DEFAULT_LANES = "2";

const pc = colors(colorEnabled(process.stdout));

const up = defineCommand({
  meta: { name: "up", description: "Build images if needed and start a cluster that stays up (remove it with `shieldlab down`)" },
  args: {
    nodes: { type: "string", description: "number of NodeManagers", default: "2" },
    profile: { type: "string", description: `security profile: ${PROFILE_NAMES.join(", ")}`, default: "plain" },
    tenants: { type: "string", description: "comma-separated tenants (OS users in the images)", default: "alice,bob" },
    attestation: { type: "boolean", description: "emulated CCA realm + IMA on every NodeManager and a verifier; `submit` then attests executors", default: false },
    kerberos: { type: "string", description: "Hadoop secure mode with a real KDC; YARN RPC protection: authentication, integrity or privacy" },
    topology: { type: "string", valueHint: "yarn|standalone", description: "yarn (ResourceManager + NodeManagers) or standalone (a Spark master + --workers workers; one secret for every app)", default: "yarn" },
    workers: { type: "string", valueHint: "N", description: "standalone: number of workers", default: "1" },
    spark: { type: "string", valueHint: "version", description: "Spark release (2.4.5, 3.5.x, …; Spark 2.x runs standalone only)" },
    rest: { type: "string", valueHint: "default|on|off", description: "standalone: the master's REST submission server on 6066 (default: the release's: on from 4.1)", default: "default" },
    jws: { type: "boolean", description: "standalone: the master's web UI and REST server behind Spark's own JWSFilter, with a key made for this cluster (Spark ≥ 4.0)", default: false },
  },
  async run({ args }) {
    const log = createLogger();
    if (args.topology !== "yarn" && args.topology !== "standalone") throw new HarnessError("INVALID_INPUT", `--topology must be yarn or standalone, got ${JSON.stringify(args.topology)}`);
    const m = loadManifest();
    const pair = { spark: args.spark ? resolveVersion(m, "spark", args.spark) : m.defaultPair.spark, hadoop: m.defaultPair.hadoop };
    if (args.jws && args.topology !== "standalone") throw new HarnessError("INVALID_INPUT", "--jws puts a standalone master's UI and REST behind JWSFilter: add --topology standalone (a YARN cluster's UIs sit behind the ResourceManager's proxy)");
    if (args.topology === "standalone") {
      const topology = parseTopology({ manager: "standalone", workers: Number(args.workers), rest: args.rest, ...(args.jws ? { jws: true } : {}), tenants: args.tenants.split(",").map((t) => t.trim()) }, "--workers/--rest/--jws/--tenants");
      if (args.kerberos || args.attestation) throw new HarnessError("INVALID_INPUT", "--kerberos and --attestation are YARN's: a standalone cluster has neither (leave them out, or use --topology yarn)");
      const profile = resolveProfile(args.profile, "--profile");
      await reap({ keepLiveOwners: true, keepKept: true });
      const images = await ensureImages({ pairs: [pair] });
      const mp = manifestFor(m, pair);
      const cluster = await new StandaloneClusterBuilder({ image: images.byPair.get(pairLabel(pair))!, sparkVersion: mp.spark.version, scala: mp.spark.scala, javaMajor: mp.java.major, markerJar: await markerJar(join(artifactsDir, "image-builds")) })
        .withTopology(topology)
        .withSecurity(args.profile)
        .withKeep(true)
        .withLogger(log)
        .start();
      const sa = cluster.standalone!;
      console.log(`${pc.green("standalone cluster up")}  session ${pc.bold(cluster.sessionId)}  Spark ${sa.sparkVersion}  profile ${profile.name}`);
      console.log(`  master           ${sa.masterUrl}  (web ${sa.webUrl}; REST ${restEnabled(topology, sa.sparkVersion) ? sa.restUrl : "off"})`);
      if (args.jws) console.log(`  JWSFilter        web UI and REST answer only \`Authorization: Bearer <JWS>\` signed with the cluster's key (spark.ui.filters in the master's spark-defaults.conf; never printed)`);
      for (const n of cluster.nodes) console.log(`  ${n.name.padEnd(16)} ${n.host}  (docker exec -it ${containerNameOf(cluster.hosts, n.name)} bash)`);
      console.log(`\nnext:  npx shieldlab submit --tenant alice --job pi\n       npx shieldlab status\n       npx shieldlab down`);
      return;
    }
    const unfit = standaloneOnlyProblem(m, pair) ?? pairProblem(m, pair);
    if (unfit) throw new HarnessError("INVALID_INPUT", `--spark ${pair.spark}: ${unfit}`, { hint: "use --topology standalone, or a Spark 3.x/4.x release" });
    await reap({ keepLiveOwners: true, keepKept: true });
    const images = await ensureImages({ pairs: [pair] });
    const cluster = await new ClusterBuilder({ image: images.byPair.get(pairLabel(pair)) ?? images.hadoopSpark })
      .withTopology({ nodeManagers: Number(args.nodes), tenants: args.tenants.split(",").map((t) => t.trim()) })
      .withSecurity(args.kerberos ? { profile: args.profile, kerberos: { rpcProtection: args.kerberos } } : args.profile)
      .withLayer(KdcLayer.of(args.kerberos))
      .withLayer(AttestationLayer.of(args.attestation ? { flavour: "cca", imaPolicy: SEED_IMA_POLICY } : undefined))
      .withKeep(true)
      .withLogger(log)
      .start();
    console.log(`${pc.green("cluster up")}  session ${pc.bold(cluster.sessionId)}  profile ${cluster.profile.name}`);
    console.log(`  ResourceManager  ${cluster.rm.baseUrl}/cluster`);
    for (const n of cluster.nodes) console.log(`  ${n.name.padEnd(16)} ${n.host}  (docker exec -it ${containerNameOf(cluster.hosts, n.name)} bash)`);
    const attestation = attestationOf(cluster);
    if (attestation) console.log(`  verifier         ${attestation.verifierHost}  (executors attest; submit --conf spark.remote.attestation.enable=false to skip)`);
    console.log(`\nnext:  npx shieldlab submit --tenant alice --job pi\n       npx shieldlab status\n       npx shieldlab down`);
  },
});

const status = defineCommand({
  meta: { name: "status", description: "List clusters and their containers; for running ones, NodeManagers and apps from the RM" },
  async run() {
    await assertEngine();
    const sessions = await listSessions();
    if (sessions.length === 0) {
      console.log("no shieldlab containers");
      return;
    }
    for (const s of sessions) {
      console.log(`${pc.bold(s.sessionId)}${s.kept ? " (kept)" : ""}`);
      for (const c of s.containers) console.log(`  ${c.node.padEnd(10)} ${c.role.padEnd(16)} ${c.state.padEnd(8)} ${c.status}`);
      try {
        const cluster = await attachCluster(createLogger({ consoleLevel: "silent" }), s.sessionId);
        if (cluster.standalone) {
          const st = await cluster.standalone.state();
          console.log(`  master ${cluster.standalone.masterUrl} (Spark ${cluster.standalone.sparkVersion}): ${st.status}, ${st.workers.filter((w) => w.state === "ALIVE").length}/${st.workers.length} workers ALIVE`);
          for (const w of st.workers) console.log(`    worker ${w.host.padEnd(40)} ${w.state.padEnd(6)} ${w.cores} cores ${w.memory} MB`);
          for (const a of [...st.activeapps, ...st.completedapps].slice(-10)) console.log(`    ${a.id} ${a.user.padEnd(6)} ${a.state.padEnd(8)} ${a.name}`);
          for (const d of [...(st.activedrivers ?? []), ...(st.completeddrivers ?? [])].slice(-5)) console.log(`    ${d.id} ${d.state.padEnd(8)} ${d.mainclass ?? ""}`);
          continue;
        }
        const nodes = await cluster.rm.nodes();
        console.log(`  RM ${cluster.rm.baseUrl}: ${nodes.filter((n) => n.state === "RUNNING").length}/${nodes.length} NodeManagers RUNNING`);
        for (const a of (await cluster.rm.apps()).slice(-10)) console.log(`    ${a.id} ${a.user.padEnd(6)} ${a.state}/${a.finalStatus} ${a.name}`);
      } catch (e) {
        console.log(`  RM not answering: ${(e as Error).message.split("\n")[0]}`);
      }
    }
  },
});

const submit = defineCommand({
  meta: { name: "submit", description: "spark-submit a fixture job as a tenant to a running cluster (`shieldlab up` first)" },
  args: {
    tenant: { type: "string", description: "tenant (OS user and HADOOP_USER_NAME)", default: "alice" },
    job: { type: "string", description: `job: ${Object.keys(JOBS).join(", ")}`, default: "pi" },
    mode: { type: "string", description: "deploy mode: client or cluster", default: "client" },
    session: { type: "string", description: "session id (when several clusters run)" },
    queue: { type: "string", description: "YARN queue (default: the tenant's)" },
    args: { type: "string", description: "job arguments, space-separated (shuffle: <MB> <canary> [partitions])" },
    conf: { type: "string", description: "extra Spark confs, comma-separated key=value (e.g. spark.executor.instances=1)" },
  },
  async run({ args }) {
    const conf: Record<string, string> = {};
    for (const kv of (args.conf ?? "").split(",").filter((x) => x.trim())) {
      const i = kv.indexOf("=");
      if (i <= 0) throw new HarnessError("INVALID_INPUT", `--conf wants key=value pairs separated by commas, got ${JSON.stringify(kv)}`);
      conf[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
    }
    if (!(args.job in JOBS)) throw new HarnessError("INVALID_INPUT", `--job must be one of ${Object.keys(JOBS).join(", ")}, got ${JSON.stringify(args.job)}`);
    if (args.mode !== "client" && args.mode !== "cluster") throw new HarnessError("INVALID_INPUT", `--mode must be client or cluster, got ${JSON.stringify(args.mode)}`);
    const log = createLogger();
    const cluster = await attachCluster(log, args.session, [attestationAttacher]);
    if (cluster.standalone) {
      const r = await standaloneSubmit(cluster, { tenant: args.tenant, mainClass: JOBS[args.job as JobName].mainClass, deployMode: args.mode, conf, args: args.args ? args.args.split(/\s+/) : args.job === "shuffle" ? ["8", "SHIELDLAB-CANARY"] : [] });
      process.stdout.write(r.stdout);
      if (r.exitCode !== 0) process.stderr.write(r.stderr.split("\n").slice(-20).join("\n"));
      console.log(`${args.tenant}'s ${args.job}: spark-submit exit ${r.exitCode}${r.appId ? ` (${r.appId})` : ""}`);
      process.exitCode = r.exitCode === 0 ? 0 : 1;
      return;
    }
    const r = await sparkSubmit(cluster, {
      tenant: args.tenant,
      mainClass: JOBS[args.job as JobName].mainClass,
      deployMode: args.mode,
      queue: args.queue,
      conf: { ...cluster.sparkConf(), ...conf },
      args: args.args ? args.args.split(/\s+/) : args.job === "shuffle" ? ["8", "SHIELDLAB-CANARY"] : [],
    });
    process.stdout.write(r.stdout);
    if (r.appId) {
      const app = await cluster.rm.waitForApp(r.appId, 60_000);
      console.log(`${r.appId}: ${app.state}/${app.finalStatus}${app.diagnostics ? ` — ${app.diagnostics.split("\n")[0]}` : ""}`);
      process.exitCode = app.finalStatus === "SUCCEEDED" ? 0 : 1;
    } else {
      process.stderr.write(r.stderr.split("\n").slice(-20).join("\n"));
      process.exitCode = r.exitCode || 1;
    }
  },
});

const run = defineCommand({
  meta: { name: "run", description: "Run scenarios (by name, area/ or @suite; the default suite when none is named) and report" },
  args: {
    scenarios: { type: "positional", required: false, description: "scenario names (tenancy/ten-acl-matrix), areas (tenancy/) or suites (@default)" },
    repeat: { type: "string", valueHint: "N", description: "run each scenario N times, interleaved (A B A B), and report its stability", default: "1" },
    lanes: { type: "string", valueHint: "N", description: "clusters running side by side, each with its own scenarios (1 = one at a time)", default: DEFAULT_LANES },
    keep: { type: "boolean", description: "leave the last cluster running for poking", default: false },
    list: { type: "boolean", description: "list the scenarios and exit (exit 2 when a file does not load)", default: false },
    dir: { type: "string", valueHint: "path", description: "folder of scenario files (default: scenarios/)" },
    baseline: { type: "string", valueHint: "run-dir|results.json", description: "compare with an earlier run and list what changed; a regression exits 1" },
    debug: { type: "boolean", description: "debug logs on the console and stack traces with errors", default: false },
    spark: { type: "string", valueHint: "version", description: "run on this Spark release (3.5.9, or 3.5.x for the newest 3.5 in images/manifest.json)" },
    hadoop: { type: "string", valueHint: "version", description: "run on this Hadoop release (3.3.6, 3.4.x, …)" },
    matrix: { type: "string", valueHint: "spark=a,b,…", description: "run every scenario on each listed release (repeat for hadoop=…: the cross product); a scenario's own pin wins" },
    shard: { type: "string", valueHint: "I/N", description: "run only the I-th of N balanced parts of the selection (cluster groups and controls kept together); join them with `shieldlab merge`" },
    durations: { type: "string", valueHint: "results.json", description: "with --shard: balance the parts by the per-scenario seconds of this earlier run (else by cluster-group size)" },
    target: { type: "string", valueHint: "file", description: "run on a cluster the harness did not build, described by this target file (docs/targets.md); what it cannot run is unknown with the reason" },
    "allow-destructive": { type: "boolean", description: "with --target: let steps change the target (each change undone after, also on Ctrl-C)", default: false },
  },
  async run({ args, rawArgs }) {
    // input first: a bad flag or name fails here, before the engine is touched
    const repeat = parseRepeat(args.repeat);
    const lanes = parseLanes(args.lanes);
    const selectors = (args._ as string[]) ?? [];
    // no version flag with @matrix: the matrix pairs (every Spark × the default Hadoop, the default Spark × every Hadoop)
    const versions = selectionFor(loadManifest(), selectors, parseVersionFlags({ spark: args.spark, hadoop: args.hadoop, matrix: flagValues(rawArgs, "--matrix") }, loadManifest()));
    const sharding = parseShardFlags({ shard: args.shard, durations: args.durations, baseline: args.baseline });
    // --target: checked and read now, before the engine is touched; the gateway starts with the suite
    const target = runTargetOptions({ target: args.target, allowDestructive: args["allow-destructive"], spark: args.spark, hadoop: args.hadoop, matrix: flagValues(rawArgs, "--matrix"), keep: args.keep });
    // read now: artifacts/latest moves to this run once it starts
    const baseline = args.baseline ? loadRunResults(args.baseline, "--baseline") : undefined;
    const loaded = await loadScenarios(args.dir ? resolve(args.dir) : undefined);
    const err = colorEnabled(process.stderr);
    if (args.list) {
      const dim = colors(colorEnabled(process.stdout)).dim;
      for (const s of loaded.scenarios) console.log(`${s.name.padEnd(32)} ${dim(s.suites.map((x) => `@${x}`).join(" "))}  ${s.description}`);
      for (const f of loaded.failures) process.stderr.write(`${formatError(f.error, { color: err })}\n`);
      if (loaded.failures.length > 0) process.exitCode = EXIT.usage;
      return;
    }
    const picked = selectLoaded(loaded, selectors);
    for (const f of picked.failures) process.stderr.write(`${formatError(f.error, { color: err })}\n`);
    // a finding holds only beside its control: the controls the selection names come along, and the console says so
    for (const b of picked.brought) process.stderr.write(`[shieldlab] ${describeBrought(b)}\n`);
    for (const x of picked.missing)
      process.stderr.write(`[shieldlab] ! ${x.of} names the control ${x.control}, which no scenario file defines: its finding cannot be bound (the run fails)\n`);
    if (picked.scenarios.length === 0) {
      process.stderr.write(`[shieldlab] nothing to run: the ${picked.failures.length} selected scenario file(s) do not load\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    // --shard I/N: this machine's part of the selection (possibly none); every shard computes the same split
    const shard = sharding.spec ? planShard({ picked, manifest: loadManifest(), versions, repeat, durations: sharding.durations }, sharding.spec) : undefined;
    if (shard) process.stderr.write(`[shieldlab] ${describeShard(shard)}\n`);
    const mine = shard ? { ...picked, scenarios: shard.scenarios, failures: shard.failures } : picked;
    const expanded = expandRuns(loadManifest(), mine.scenarios, versions);
    for (const n of expanded.notes) process.stderr.write(`[shieldlab] ${n}\n`);
    const runId = newSessionId();
    const runDir = join(artifactsDir, runId);
    const consoleLevel = args.debug ? "debug" : ((process.env.SHIELDLAB_LOG_LEVEL as never) ?? "warn");
    const log = createLogger({ file: join(runDir, "harness.log"), consoleLevel });
    const pairs = new Set(expanded.runs.map((x) => pairLabel(x.pair)));
    const count = `${mine.scenarios.length} scenario(s)${picked.brought.length && !shard ? ` (${picked.brought.length} brought along as controls)` : ""}${pairs.size > 1 ? ` on ${pairs.size} version pairs (${expanded.runs.length} runs)` : ""}${repeat > 1 ? ` × ${repeat} repeats` : ""}${mine.failures.length ? `, ${mine.failures.length} that do not load` : ""}`;
    console.error(`[shieldlab] run ${runId}: ${count}; artifacts in ${runDir}`);
    const signal = installInterruptHandler(() => undefined);
    const results = await runSuite(mine.scenarios, { runId, runDir, log, signal, keep: args.keep, repeat, unloadable: mine.failures, versions, lanes, ...(shard ? { shard: shard.record } : {}), ...(target ? { target } : {}) });
    if (baseline) {
      results.baseline = baselineSection(baseline, results);
      writeRunReports(runDir, results);
    }
    console.log(renderConsoleTable(results));
    console.log(`reports: ${join(runDir, "report.html")}, results.json, junit.xml (artifacts/latest → ${runId})`);
    process.exitCode = runExitCode(results, wasInterrupted());
  },
});

const down = defineCommand({
  meta: { name: "down", description: "Remove every container, network and volume labelled shieldlab.session (kept clusters and leftovers)" },
  async run() {
    await assertEngine();
    const r = await reap();
    console.log(`removed ${r.containers.length} container(s) and ${r.networks.length} network(s)`);
  },
});

const bench = defineCommand({
  meta: { name: "bench", description: "Encryption overhead: the shuffle job under each security profile, interleaved, ratio to plain with 95 % intervals" },
  args: {
    size: { type: "string", description: "MB moved through the shuffle per run", default: "48" },
    reps: { type: "string", description: "repetitions per profile (interleaved rounds)", default: "5" },
    "io-enc": { type: "boolean", description: "also run every profile with spark.io.encryption.enabled", default: true },
    smoke: { type: "boolean", description: "2 MB, 1 repetition: checks the machinery, not the figures", default: false },
    kerberos: { type: "boolean", description: "instead: YARN RPC protection privacy vs authentication on a Kerberized cluster (real KDC)", default: false },
  },
  subCommands: { tpch: benchTpch },
  async run({ args }) {
    // citty runs a command's own run after its subcommand's: `bench tpch` is done by then
    if (args._[0] === "tpch") return;
    const sizeMb = args.smoke ? 2 : Number(args.size);
    const reps = args.smoke ? 1 : Number(args.reps);
    if (!Number.isInteger(sizeMb) || sizeMb < 1) throw new HarnessError("INVALID_INPUT", `--size must be a whole number of MB ≥ 1, got ${JSON.stringify(args.size)}`);
    if (!Number.isInteger(reps) || reps < 1) throw new HarnessError("INVALID_INPUT", `--reps must be a whole number ≥ 1, got ${JSON.stringify(args.reps)}`);
    installBenchInterruptHandler();
    const r = await runOverheadBench({ sizeMb, reps, withIoEncryption: args["io-enc"], kerberos: args.kerberos });
    console.log(r.markdown);
    console.log(`report: ${r.dir}/overhead.{md,svg,json}`);
  },
});

const main = defineCommand({
  meta: {
    name: "shieldlab",
    version: "0.1.0",
    description:
      "Real Spark-on-YARN in containers, with emulated attestation, for security scenarios.\n" +
      "  shieldlab run              run the default scenario suite, print the table, exit non-zero on failure\n" +
      "  shieldlab diff A B         what changed between two finished runs, exit non-zero on a regression\n" +
      "  shieldlab run --shard I/N  one CI machine's part of the selection; `shieldlab merge DIR...` joins the parts\n" +
      "  shieldlab audit            a cluster's security posture (--target FILE, --session ID, or --profile NAME)\n" +
      "  shieldlab up / submit / status / down   a cluster to poke at by hand",
  },
  subCommands: { up, status, submit, run, diff, merge, audit: auditCommand, down, images, bench },
});

// an error outside the command's promise chain (a stray callback) still reads as an error, with an exit code
const rawArgs = process.argv.slice(2);
process.on("unhandledRejection", (e) => {
  reportFatal(e, rawArgs);
  process.exit();
});
process.on("uncaughtException", (e) => {
  reportFatal(e, rawArgs);
  process.exit();
});

await runCli(main, rawArgs);
