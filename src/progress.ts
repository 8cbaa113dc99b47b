// The progress bar a person sees at a terminal during a long run (a cold build over many
// items): the items parsed so far, then rendering and the files written. Drawn by
// cli-progress on stderr, and only when stderr is a terminal and the run has lasted
// `afterMs`: under cron (stderr a pipe or a file) nothing is drawn, and a quick run stays
// silent. The library (build()) only calls back; the terminal and the clock live here.
import cliProgress from 'cli-progress';
import type { BuildStage } from './build.js';

export interface Progress {
  stage(stage: BuildStage, detail?: string): void;
  parsed(done: number, total: number): void;
  /** Erase the bar (before the summary line is printed). */
  done(): void;
}

const SCALE = 1000;
/** The share of the bar each stage ends at: parsing is nearly all of a cold run. */
const ENDS: Record<BuildStage, number> = { read: 0.05, render: 0.95, write: 1 };
const WORDS: Record<BuildStage, string> = { read: 'reading items', render: 'rendering', write: 'writing' };

/** Where the bar is drawn: a terminal's write, and its width (cli-progress asks for both). */
export interface Terminal {
  write(s: string): void;
  isTTY: boolean;
  columns?: number;
}

export function progressBar(terminal: Terminal, afterMs: number): Progress | undefined {
  if (!terminal.isTTY) return undefined;
  // readline's cursor calls and cli-progress need only write(), isTTY and columns.
  const stream = { write: (s: string) => (terminal.write(s), true), isTTY: true, columns: terminal.columns ?? 80 } as unknown as NodeJS.WriteStream;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'wirefeed [{bar}] {label}',
      barsize: 20,
      barCompleteChar: '#',
      barIncompleteChar: '.',
      clearOnComplete: true,
      hideCursor: false,
      linewrap: false,
      fps: 10,
    },
    cliProgress.Presets.legacy,
  );
  let value = 0;
  let label = '';
  let shown = false;
  const timer = setTimeout(() => {
    shown = true;
    bar.start(SCALE, value, { label });
  }, afterMs);
  timer.unref();
  const show = (v: number, l: string) => {
    value = Math.round(v * SCALE);
    label = l;
    if (shown) bar.update(value, { label });
  };
  return {
    stage(stage, detail) {
      const start = stage === 'read' ? 0 : stage === 'render' ? 0.9 : ENDS.render;
      show(start, `${WORDS[stage]}${detail ? ` (${detail})` : ''}`);
    },
    parsed(done, total) {
      if (total > 0) show(ENDS.read + ((0.9 - ENDS.read) * done) / total, `parsing items ${done}/${total}`);
    },
    done() {
      clearTimeout(timer);
      if (shown) bar.stop();
    },
  };
}
