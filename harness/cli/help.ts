// What `--help` adds under citty's usage: examples for every command, and for `run` how selections, repeats and exit codes work.
import { stripVTControlCharacters } from "node:util";
import { renderUsage, type CommandDef } from "citty";

const EXIT_CODES = `EXIT CODES

  0    everything selected ran and passed
  1    a scenario failed or was unknown (unknown is never a pass), a scenario was unstable over --repeat,
       a regression since --baseline, a selected scenario file did not load while others ran, or a command
       failed at run time
  2    bad usage or input, nothing ran: unknown command or scenario, bad flag value, every selected
       scenario file failed to load
  130  interrupted (Ctrl-C / SIGTERM); the cluster is torn down and the reports so far are written`;

/** Extra help per command name ("shieldlab" is the top level). */
export const HELP_EXTRAS: Record<string, string> = {
  shieldlab: `EXAMPLES

  npx shieldlab run                          the default suite; table, reports in artifacts/latest/
  npx shieldlab run tenancy/ --repeat 3      every tenancy scenario three times, with a stability verdict
  npx shieldlab run --baseline artifacts/latest   the default suite, compared with the last run
  npx shieldlab diff <run-A> <run-B>         what changed between two finished runs
  npx shieldlab run --shard 2/4              the second of four parts of the default suite (one CI job each)
  npx shieldlab merge shard-*/ --out merged  join the shards' folders into one run (reports, findings, exit code)
  npx shieldlab up && npx shieldlab submit --tenant alice --job pi
  npx shieldlab down                         remove every shieldlab container, network and volume

  Any command: --debug prints stack traces with errors. Colours only on a terminal; NO_COLOR=1 turns them off.

${EXIT_CODES}`,
  run: `SELECTIONS

  Each argument picks scenarios; several add up (each scenario runs once per repeat, however often it is named):
    tenancy/ten-acl-matrix     one scenario by name (scenarios/tenancy/ten-acl-matrix.ts works too)
    tenancy/  or  tenancy      an area: every scenario in scenarios/tenancy/
    @default  @smoke  @wire    a suite: scenarios whose \`suites\` list names it; no argument = @default
  A name that matches nothing is an error (exit 2) listing what exists. --list shows every scenario and its suites.
  A scenario file that does not load is reported with every problem in it; the other selected scenarios still run
  and the bad one counts as unknown (exit 1). When nothing selected loads, nothing runs (exit 2). Suite selections
  include every file that does not load, since its suites cannot be read.
  A selected attack brings along the controls its finding names (printed "+ <control> (control of <attack>)"), on the
  same version pairs; its finding holds only when each of them passed on its pair, else the run exits 1.

REPEATS

  --repeat N runs each selected scenario N times on the same cluster, interleaved (A B A B, not A A B B) so that
  one scenario's leftovers changing another's verdict show up. Results are keyed "name #k" (junit, HTML, table;
  \`repeat\` in results.json, artifacts in repeat-k/); the summary gives each scenario's stability ("5/5 PASS" or
  "unstable: 3 PASS, 2 FAIL"). An unstable scenario fails the run.

VERSIONS

  images/manifest.json lists the Spark and Hadoop releases the harness supports; a run uses its default pair.
  --spark 3.5.x / --hadoop 3.3.6 run the selection on other releases (X.Y.x = the newest X.Y listed);
  --matrix spark=3.5.x,4.0.5,4.1.x (and --matrix hadoop=…, for the cross product) runs it on each. A scenario's
  own \`versions\` pin wins for what it pins. \`@matrix\` without any of these flags runs its selection on the
  matrix pairs: every supported Spark with the default Hadoop, and the default Spark with every supported Hadoop
  (other selectors named with it get the same pairs). Each pair gets its own image (built when a run first needs it) and
  its own clusters; results are keyed "name [spark=…,hadoop=…]" off the default pair (table, junit, results.json
  \`versions\`, artifacts in spark-…_hadoop-…/) and report.html shows a grid of verdicts. A pair that cannot run
  (its Hadoop needs a newer Java than its Spark; an attested scenario on a Spark that cannot carry the plugin)
  reports unknown with the reason. An unlisted release is an error (exit 2) naming the supported ones.

BASELINE

  --baseline <run-dir|results.json|run-id> compares this run with an earlier one, entry by entry (a scenario on
  a version pair; repetitions collapsed into one verdict, "5/5 pass" or "unstable: …"), and lists what changed,
  regressions first: REGRESSED (pass → fail, or a finding defended → vulnerable / documented weakness), NOW
  UNKNOWN, CHANGED, FIXED, NEW, NOT IN THIS RUN. A regression exits 1 even when every scenario passed; it is in
  results.json (\`baseline\`), report.html ("Changes since baseline") and as the junit failure message. The
  baseline is read before the run starts (artifacts/latest then still names the previous run); a path that is not
  a run folder or results.json is an error (exit 2). \`shieldlab diff A B\` compares two finished runs.

LANES

  Scenarios that share a cluster run one after another on it; --lanes N (default 2) runs N such clusters side by
  side. On two cores a short Spark job leaves about a third of the CPU idle (waiting on heartbeats and container
  starts), which a second cluster uses. --lanes 1 runs one cluster at a time (the order of the first versions);
  each lane holds ~3 GB of memory while its cluster runs. Results are reported in the planned order either way.

SHARDS

  --shard I/N runs the I-th of N parts of the selection, so N CI machines share a suite; \`shieldlab merge\` joins
  their artifact folders into one run. Every machine computes the same split from the same selection and flags: a
  cluster group (scenarios sharing one cluster) and an attack with its controls always land in one part. The parts
  are balanced by cluster-group size, or by each scenario's seconds in an earlier run with --durations
  <results.json> (give every shard the same file). A part may be empty (N larger than the groups): it exits 0.
  Each shard's results.json records its I/N and the whole selection, so merge can refuse an incomplete or mixed
  set. docs/sharding.md has GitHub Actions and GitLab examples.

OTHER FLAGS

  --keep     leave the last cluster running for \`docker exec\` / \`shieldlab status\`; \`shieldlab down\` removes it
  --debug    debug logs on the console (also in harness.log) and stack traces with errors

EXAMPLES

  npx shieldlab run                                  the default suite
  npx shieldlab run tenancy/ wire/wire-gcm           an area and one scenario
  npx shieldlab run @smoke --repeat 5                five interleaved rounds of the smoke suite
  npx shieldlab run wire/wire-tls --keep             leave the cluster up afterwards to poke at it
  npx shieldlab run --list                           list scenarios and suites (loads every file, starts nothing)
  npx shieldlab run tenancy/ --matrix spark=3.5.x,4.0.5,4.1.x   the tenancy area on three Spark releases
  npx shieldlab run wire/ --spark 3.5.x --hadoop 3.3.6          the wire area on one other pair
  npx shieldlab run @matrix                          the matrix suite on every Spark and every Hadoop
  npx shieldlab run @smoke --baseline artifacts/latest   the smoke suite, compared with the last run
  npx shieldlab run --shard 1/2 --durations last/results.json   this machine's half of the default suite
  npx shieldlab run @standalone                      Spark standalone: the CVE replays on 2.x (Java 8), seed 002's shared secret
  npx shieldlab run --target staging.yaml tenancy/   the tenancy area on a YARN cluster you run (docs/targets.md)

${EXIT_CODES}`,
  up: `EXAMPLES

  npx shieldlab up                                   2 NodeManagers, plain profile, tenants alice and bob
  npx shieldlab up --topology standalone --workers 2 --profile auth   a Spark standalone master, 2 workers, one secret
  npx shieldlab up --topology standalone --spark 2.4.5 --rest on      an old release (Java 8 image), its REST server on
  npx shieldlab up --nodes 3 --profile auth-gcm --attestation`,
  status: `EXAMPLES

  npx shieldlab status                               clusters, containers, NodeManagers and the last apps`,
  submit: `EXAMPLES

  npx shieldlab submit --tenant alice --job pi
  npx shieldlab submit --tenant bob --job shuffle --mode cluster --args "16 MY-CANARY" --conf spark.executor.instances=1`,
  diff: `Compares each entry (a scenario on a version pair; repetitions collapsed into one verdict) of run A, the
baseline, with run B: REGRESSED (pass → fail, or a finding defended → vulnerable / documented weakness), NOW
UNKNOWN, CHANGED, FIXED, NEW (only in B), NOT IN THIS RUN (only in A). A and B are run folders, results.json
files or run ids under artifacts/.

EXAMPLES

  npx shieldlab diff artifacts/20261122-120000-abcdef artifacts/latest
  npx shieldlab diff 20261122-120000-abcdef 20261123-090000-fedcba --json    the comparison as JSON

EXIT CODES

  0    no regressions from A to B (other changes are listed, and do not fail)
  1    a regression: a scenario that passed in A fails in B, or a finding defended in A is vulnerable in B
  2    bad input: A or B is missing, not a shieldlab results.json, or from another results schema version`,
  merge: `Joins the artifact folders of every shard of one split (\`run --shard 1/N\` … \`N/N\`, same selection and
flags) into one run folder: results.json, junit.xml and report.html over all rows, each scenario's artifacts copied
under the same path, the shards' logs as harness-shard-I.log. Findings are bound over all shards: a control that
ran in another shard counts. Shards from different selections, of different N, split with another --durations
file, given twice or missing are refused with every problem listed (exit 2). A scenario a shard was given but did
not report (it ended early) is unknown.

EXAMPLES

  npx shieldlab merge shard-1/ shard-2/                   into artifacts/<new run id> (artifacts/latest points at it)
  npx shieldlab merge shard-*/ --out merged               into merged/

EXIT CODES (as run)

  0    every scenario of every shard passed and every finding is bound
  1    a scenario failed or was unknown, or a finding is not bound over the union
  2    bad input: a folder without results.json, not a shard, shards of different splits, a shard twice or missing
  130  a shard was interrupted`,
  audit: `Reads each ResourceManager's and NodeManager's /conf and /ws/v1/cluster/info (SPNEGO where the cluster has it),
the CapacityScheduler's settings and the cluster's spark-defaults.conf, and reports every check as PASS, WARN or FAIL
with the key, the value seen, why it matters, the fix, and the scenario that reproduces the weakness. What could not
be read is UNKNOWN with the reason (NodeManager dir modes need node access). docs/audit.md lists every check.

WHAT IS AUDITED (one of)

  --target FILE     a cluster the harness did not build, described by a target file (docs/targets.md)
  --session ID      a running \`shieldlab up\` cluster (the only one running when ID is left out: --session "")
  --profile NAME    a cluster started for the audit with this profile (and --kerberos LEVEL), removed after; its
                    verdicts are compared with the profile's expected posture (the table in docs/audit.md)

EXAMPLES

  npx shieldlab audit --target staging.yaml --junit audit.xml    a real cluster; JUnit for CI
  npx shieldlab audit --profile acls --kerberos privacy          prove a profile's expected posture
  npx shieldlab up --profile auth-gcm && npx shieldlab audit --session "" --json posture.json

EXIT CODES

  0    no FAIL (--target/--session), or every verdict as the profile expects (--profile)
  1    a FAIL (--target/--session), or a verdict the profile does not expect (--profile)
  2    bad usage or input: an invalid target file (every problem listed), an unknown profile or flag value`,
  down: `EXAMPLES

  npx shieldlab down                                 also removes clusters kept with --keep and leftovers of crashed runs`,
  images: `EXAMPLES

  npx shieldlab images                               build what changed (content-hashed tags) and print the tags
  npx shieldlab images save .cache/images            after a run in CI: one docker-save file per image the manifest needs
  npx shieldlab images load .cache/images            on a new machine: load them; what is absent or stale is built

A file is named after its image's content hash (shieldlab_hadoop-spark_<hash>.tar), so a cache never serves an image
of an older recipe: load ignores such files and save removes them. docs/ci-cache.md has the CI cache recipes.`,
  bench: `EXAMPLES

  npx shieldlab bench --smoke                        2 MB, 1 repetition: checks the machinery only
  npx shieldlab bench --size 64 --reps 7             report in artifacts/bench/overhead-<time>/overhead.{md,svg,json}
  npx shieldlab bench tpch --smoke                   TPC-H instead of the synthetic shuffle (\`bench tpch --help\`)`,
  "bench tpch": `Runs TPC-H queries (Spark's own query text) on a real 2-NodeManager cluster with full-JIT JVMs. Side by side
(the default): one Spark app per profile, all up at once, taking turns one query at a time, each query's profiles in a
seeded random order per round, so a profile's run and plain's are seconds apart; warm-up rounds dropped. Reports
per-query and total time ratios to plain with paired 95 % intervals (bootstrap and Student's t, the wider) and how
many more rounds an interval too wide would need, the extra seconds per GB shuffled, each profile's app start-up
(driver start → executors running tasks: an attested executor's attestation is in it), and checks every query's
answer under every profile: against the TPC-H reference answers at SF 0.01, against the plain answer at other scales.
An encryption setting that changes an answer is a finding. Each profile's JVMs are launched once per run: the
intervals cover the noise between rounds, not between launches — repeat a run before publishing its figure.
Data (tpchgen-cli), query text and reference answers are downloaded once, pinned, and cached under .cache/tpch/; the
driver jar is compiled against the cluster image's Spark jars at bench time (no image rebuild).

PROFILES

  Any cluster:     plain, auth, auth-ctr, auth-gcm, tls-rpc (Spark 4+), io-enc, auth-gcm+io-enc,
                   plain-again (the A/A control: plain in a second app; its ratio is the method's own bias)
  Own cluster:     krb-authentication, krb-privacy (Kerberized, real KDC; baseline krb-authentication)
                   attested (the attestation layer; baseline that cluster's plain)
  A profile that needs its own cluster brings it, with its baseline; one the Spark release lacks is listed as not run.

OUTPUT

  artifacts/bench/tpch-<time>/  tpch.md (tables, setup, JVM options, versions, machine), tpch.json (every sample and
  app), tpch-ratios.svg; with --profile-cpu also tpch-breakdown.svg and flame-<profile>.svg (JFR from the driver and
  every executor); group-*/submits/app-N/ has each app's submit.log (and its container logs when it failed).

EXAMPLES

  npx shieldlab bench tpch --smoke                        SF 0.01, q3 and q9, plain / auth-gcm / io-enc, 1 round (CI)
  npx shieldlab bench tpch                                SF 1, q3,q5,q18,q21, the default profiles side by side, 2 + 14 rounds (~26 min)
  npx shieldlab bench tpch --queries all --reps 3         every TPC-H query
  npx shieldlab bench tpch --profiles plain,auth-gcm,krb-privacy --profile-cpu   where the extra seconds go
  npx shieldlab bench tpch --profiles plain,plain-again   the A/A control
  npx shieldlab bench tpch --sequential --reps 3          one app per profile per round (more profiles than fit in memory)
  npx shieldlab bench tpch --scale 10 --queries 9,18 --reps 8

EXIT CODES

  0    every app ran and every answer matched
  1    an answer differed from the reference or the baseline, an app failed, or nothing was checked
  2    bad usage: an unknown flag, profile or query, a scale or --reps out of range (nothing started)`,
};

/** citty's usage of `cmd` plus its examples and notes; ANSI colour removed unless `color`. */
export async function renderHelp(cmd: CommandDef, parent: CommandDef | undefined, name: string, color: boolean): Promise<string> {
  const usage = await renderUsage(cmd as CommandDef<never>, parent as CommandDef<never> | undefined);
  const text = `${usage}\n\n${HELP_EXTRAS[name] ?? ""}`.trimEnd();
  return color ? text : stripVTControlCharacters(text);
}
