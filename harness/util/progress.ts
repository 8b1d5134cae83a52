// Progress display for long work: a live line on a terminal, a heartbeat every 15 s elsewhere (CI logs).
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

/** Starts a step; `scope` is a short tag such as "images" or "cluster". */
export function startStep(scope: string, title: string): ProgressStep {
  const started = Date.now();
  const head = `${pc.cyan(`[${scope}]`)} ${title}`;
  let detail = "";
  let finished = false;
  const render = (): void => {
    const line = `${head} ${pc.dim(fmt(Date.now() - started))} ${pc.dim(detail.slice(0, Math.max(0, (process.stderr.columns ?? 100) - title.length - 30)))}`;
    process.stderr.write(`\r\x1b[2K${line}`);
  };
  if (live) render();
  else process.stderr.write(`${head} …\n`);
  const timer = setInterval(
    () => {
      if (live) render();
      else process.stderr.write(`${head} … still running after ${fmt(Date.now() - started)}\n`);
    },
    live ? 500 : 15_000,
  );
  timer.unref();
  const finish = (mark: string, text: string): void => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    const line = `${head} ${mark} ${pc.dim(fmt(Date.now() - started))}${text ? ` ${text}` : ""}`;
    process.stderr.write(live ? `\r\x1b[2K${line}\n` : `${line}\n`);
  };
  return {
    update(d) {
      detail = d.replace(/\s+/g, " ").trim();
    },
    done(summary = "") {
      finish(pc.green("done"), summary);
    },
    fail(reason) {
      finish(pc.red("failed"), reason);
    },
  };
}
