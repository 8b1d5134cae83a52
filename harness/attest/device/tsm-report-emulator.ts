// The daemon side of Linux configfs-tsm's report interface (/sys/kernel/config/tsm/report), emulated with plain
// files: a client mkdirs <root>/<name>/, writes 32–64 bytes to inblob, waits for generation to move, reads outblob.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { silentLogger } from "../../log/logger.ts";
import { writeFileAtomic } from "./atomic-file.ts";

export const TSM_PROVIDER_ARM_CCA = "arm_cca_guest";
export const TSM_INBLOB_MAX = 64;
export const TSM_INBLOB_MIN = 32;
export const TSM_EINVAL = "EINVAL: inblob must be 32–64 bytes";

/** One report request: the inblob zero-padded to 64 bytes, and where it came from. */
export interface TsmReportRequest {
  name: string;
  inblob: Buffer;
  /** The generation the answer will carry. */
  generation: number;
}

export interface TsmReportEmulatorOptions {
  /** The folder report objects are made in (a real realm: /sys/kernel/config/tsm/report). */
  root: string;
  /** Produces the outblob (the attestation token); a throw becomes an `error` file ("EIO: …"). */
  report: (request: TsmReportRequest) => Uint8Array | Promise<Uint8Array>;
  /** Default "arm_cca_guest". */
  provider?: string;
  logger?: Logger;
}

interface ReportDir {
  name: string;
  path: string;
  /** Given to the files the daemon makes: root, and the group of the folder's creator. */
  owner: { uid: number; gid: number };
  generation: number;
  watcher: FSWatcher;
  /** mtime/ctime/size/content of the last inblob answered, so one write seen as several inotify events is answered once. */
  lastKey?: string;
  queue: Promise<void>;
}

/** Serves configfs-tsm report objects under a folder until closed. */
export class TsmReportEmulator implements AsyncDisposable {
  readonly root: string;
  readonly #o: Required<Omit<TsmReportEmulatorOptions, "logger">> & { logger: Logger };
  readonly #dirs = new Map<string, ReportDir>();
  #rootWatcher?: FSWatcher;
  #closed = false;

  private constructor(o: TsmReportEmulatorOptions) {
    this.root = o.root;
    this.#o = { provider: TSM_PROVIDER_ARM_CCA, logger: silentLogger, ...o };
  }

  /** Watches the root (made if absent) and sets up every report object already there. */
  static start(options: TsmReportEmulatorOptions): TsmReportEmulator {
    const e = new TsmReportEmulator(options);
    mkdirSync(e.root, { recursive: true });
    e.#rootWatcher = watch(e.root, () => e.#scan());
    e.#rootWatcher.on("error", (err) => e.#o.logger.warn({ err: err.message, root: e.root }, "tsm root watcher failed"));
    e.#scan();
    return e;
  }

  /** Names of the report objects being served. */
  get reports(): string[] {
    return [...this.#dirs.keys()];
  }

  /** Resolves when every queued request has been answered. */
  async idle(): Promise<void> {
    await Promise.all([...this.#dirs.values()].map((d) => d.queue));
  }

  close(): void {
    this.#closed = true;
    this.#rootWatcher?.close();
    for (const d of this.#dirs.values()) d.watcher.close();
    this.#dirs.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  #scan(): void {
    if (this.#closed) return;
    let names: string[];
    try {
      names = readdirSync(this.root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith(".")).map((d) => d.name);
    } catch (err) {
      this.#o.logger.warn({ err: (err as Error).message, root: this.root }, "cannot list the tsm root");
      return;
    }
    for (const [name, d] of this.#dirs) {
      if (!names.includes(name)) {
        d.watcher.close();
        this.#dirs.delete(name);
        this.#o.logger.debug({ report: name }, "tsm report removed");
      }
    }
    for (const name of names) if (!this.#dirs.has(name)) this.#add(name);
  }

  // the attributes arm-cca-guest's report object has; generation last, so a client that waits for it finds the rest
  #add(name: string): void {
    const path = join(this.root, name);
    let owner: ReportDir["owner"];
    try {
      const st = statSync(path);
      // root-owned like configfs attributes (so an IMA rule on the requester's fowner does not measure them);
      // the requester's group may write inblob, nobody else
      owner = { uid: 0, gid: st.gid };
    } catch {
      return; // gone again
    }
    const watcher = watch(path, (_event, file) => {
      if (file === "inblob") this.#enqueue(d);
    });
    watcher.on("error", () => watcher.close()); // the folder was removed; the root watcher forgets it
    const d: ReportDir = { name, path, owner, generation: 0, watcher, queue: Promise.resolve() };
    this.#dirs.set(name, d);
    try {
      const prior = Number.parseInt(readFileSync(join(path, "generation"), "utf8"), 10);
      if (Number.isSafeInteger(prior) && prior >= 0) d.generation = prior; // a restarted daemon keeps counting
    } catch {
      /* new report object */
    }
    const put = (file: string, data: string, mode = 0o644): void => writeFileAtomic(join(path, file), data, { mode, owner });
    try {
      put("provider", `${this.#o.provider}\n`, 0o444);
      put("auxblob", "", 0o444);
      put("privlevel", "", 0o660);
      if (!existsSync(join(path, "outblob"))) put("outblob", "", 0o444);
      // created without truncating: a client that wrote inblob before we looked keeps its request
      writeFileSync(join(path, "inblob"), "", { flag: "a" });
      if (process.getuid?.() === 0) chownSync(join(path, "inblob"), owner.uid, owner.gid);
      chmodSync(join(path, "inblob"), 0o660);
      put("generation", `${d.generation}\n`, 0o444);
    } catch (err) {
      this.#o.logger.warn({ err: (err as Error).message, report: name }, "cannot set up a tsm report object");
      return;
    }
    this.#o.logger.debug({ report: name, owner }, "tsm report object created");
    this.#enqueue(d);
  }

  #enqueue(d: ReportDir): void {
    d.queue = d.queue.then(() => this.#answer(d)).catch((err: Error) => this.#o.logger.error({ err: err.message, report: d.name }, "tsm request failed"));
  }

  async #answer(d: ReportDir): Promise<void> {
    if (this.#closed || this.#dirs.get(d.name) !== d) return;
    const file = join(d.path, "inblob");
    let blob: Buffer;
    let key: string;
    try {
      const st = statSync(file, { bigint: true });
      if (st.size === 0n) return; // the truncate half of a write, or nothing written yet
      blob = readFileSync(file);
      key = `${st.mtimeNs}:${st.ctimeNs}:${blob.toString("hex")}`;
    } catch {
      return; // removed meanwhile
    }
    if (blob.length === 0 || key === d.lastKey) return;
    d.lastKey = key;
    const generation = d.generation + 1;
    const owner = d.owner;
    if (blob.length < TSM_INBLOB_MIN || blob.length > TSM_INBLOB_MAX) {
      writeFileAtomic(join(d.path, "outblob"), "", { mode: 0o444, owner });
      writeFileAtomic(join(d.path, "error"), `${TSM_EINVAL} (got ${blob.length})\n`, { mode: 0o444, owner });
      this.#o.logger.warn({ report: d.name, bytes: blob.length, generation }, "tsm inblob refused (EINVAL)");
    } else {
      const inblob = Buffer.alloc(TSM_INBLOB_MAX);
      blob.copy(inblob);
      try {
        const out = await this.#o.report({ name: d.name, inblob, generation });
        writeFileAtomic(join(d.path, "outblob"), out, { mode: 0o444, owner });
        rmSync(join(d.path, "error"), { force: true });
      } catch (err) {
        writeFileAtomic(join(d.path, "outblob"), "", { mode: 0o444, owner });
        writeFileAtomic(join(d.path, "error"), `EIO: ${(err as Error).message}\n`, { mode: 0o444, owner });
        this.#o.logger.error({ report: d.name, err: (err as Error).message, generation }, "tsm report failed (EIO)");
      }
    }
    d.generation = generation;
    writeFileAtomic(join(d.path, "generation"), `${generation}\n`, { mode: 0o444, owner });
  }
}
