// Progress display for long work. On a terminal: a live region at the bottom with one line per running step (two lanes
// show two lines, updated in place, as docker buildx does), finished lines scrolling above it. Elsewhere (CI logs,
// pipes): plain lines, a heartbeat every 15 s.
import { stripVTControlCharacters } from "node:util";
import pc from "picocolors";

export interface ProgressStep {
  /** Shows the latest output line next to the step (terminal only). */
  update(detail: string): void;
  done(summary?: string): void;
  fail(reason: string): void;
}

const live = process.stderr.isTTY === true && process.env.CI !== "true";

function fmt(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

interface LiveStep {
  head: string;
  started: number;
  detail: string;
}

/** The terminal's live region: the running steps, redrawn in place; what finished is printed above it. */
export class LiveRegion {
  readonly #steps = new Set<LiveStep>();
  #drawn = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (s: string) => void,
    private readonly columns: () => number,
  ) {}

  add(step: LiveStep): void {
    this.#steps.add(step);
    this.#timer ??= setInterval(() => this.draw(), 500);
    this.#timer.unref();
    this.draw();
  }

  /** Removes a step and prints its final line above the region. */
  finish(step: LiveStep, line: string): void {
    this.#steps.delete(step);
    this.draw([line]);
    if (this.#steps.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  /** Whether any step is running (the region is on screen). */
  get active(): boolean {
    return this.#steps.size > 0;
  }

  /** Text someone else writes while the region is up (a warning): printed above the region, which is redrawn below. */
  print(text: string): void {
    this.draw([], text);
  }

  /** Clears the region, prints `above` (lines that stay) and `raw` text, then one line per running step, cut to the width. */
  draw(above: string[] = [], raw = ""): void {
    const width = Math.max(20, this.columns() - 1);
    let out = this.#drawn > 0 ? `\x1b[${this.#drawn}F\x1b[J` : "\r\x1b[J";
    for (const l of above) out += `${l}\n`;
    if (raw) out += raw.endsWith("\n") ? raw : `${raw}\n`;
    const lines = [...this.#steps].map((s) => fit(`${s.head} ${pc.dim(fmt(Date.now() - s.started))} ${pc.dim(s.detail)}`, width));
    for (const l of lines) out += `${l}\n`;
    this.#drawn = lines.length;
    this.write(out);
  }
}

/** `line` cut to `width` visible characters (colour codes kept whole; a cut line ends with a colour reset). */
export function fit(line: string, width: number): string {
  if (stripVTControlCharacters(line).length <= width) return line;
  let visible = 0;
  let out = "";
  for (let i = 0; i < line.length && visible < width - 1; i++) {
    const esc = /^\x1b\[[0-9;]*m/.exec(line.slice(i));
    if (esc) {
      out += esc[0];
      i += esc[0].length - 1;
      continue;
    }
    out += line[i];
    visible++;
  }
  return `${out}…\x1b[0m`;
}

let region: LiveRegion | undefined;
function liveRegion(): LiveRegion {
  if (region) return region;
  const original = process.stderr.write.bind(process.stderr) as (s: string) => boolean;
  const r = new LiveRegion((s) => void original(s), () => process.stderr.columns ?? 100);
  // anything else written to stderr while steps run goes above the region instead of into it
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (!r.active) return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    r.print(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
    const cb = rest.find((x) => typeof x === "function") as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof process.stderr.write;
  region = r;
  return r;
}

/** Starts a step; `scope` is a short tag such as "images" or "cluster". */
export function startStep(scope: string, title: string): ProgressStep {
  const state: LiveStep = { head: `${pc.cyan(`[${scope}]`)} ${title}`, started: Date.now(), detail: "" };
  let finished = false;
  let heartbeat: NodeJS.Timeout | undefined;
  if (live) liveRegion().add(state);
  else {
    process.stderr.write(`${state.head} …\n`);
    // the latest detail too (e.g. "12/30: auth-gcm round 2 81 s"): a log reader sees how far the step has come
    heartbeat = setInterval(() => process.stderr.write(`${state.head} … still running after ${fmt(Date.now() - state.started)}${state.detail ? ` — ${state.detail}` : ""}\n`), 15_000);
    heartbeat.unref();
  }
  const finish = (mark: string, text: string): void => {
    if (finished) return;
    finished = true;
    clearInterval(heartbeat);
    const line = `${state.head} ${mark} ${pc.dim(fmt(Date.now() - state.started))}${text ? ` ${text}` : ""}`;
    if (live) liveRegion().finish(state, line);
    else process.stderr.write(`${line}\n`);
  };
  return {
    update(d) {
      state.detail = d.replace(/\s+/g, " ").trim();
    },
    done(summary = "") {
      finish(pc.green("done"), summary);
    },
    fail(reason) {
      finish(pc.red("failed"), reason);
    },
  };
}
