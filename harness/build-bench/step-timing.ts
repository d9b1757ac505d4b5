// Per-step durations of a build from the time each "STEP n/m:" line arrived, so a report shows where
// a rebuild spends its time (the install step versus compiling) and which steps hit the layer cache.
export interface TimedLine {
  atMs: number;
  line: string;
}

export interface StepTiming {
  step: string;
  durationMs: number;
  cached: boolean;
}

export function stepTimings(lines: readonly TimedLine[], endMs: number): StepTiming[] {
  const steps: StepTiming[] = [];
  const starts = lines.map((l, i) => ({ ...l, i })).filter((l) => /^STEP \d+\/\d+: /.test(l.line));
  starts.forEach((s, k) => {
    const next = starts[k + 1];
    const until = next ? next.atMs : endMs;
    const body = lines.slice(s.i + 1, next ? next.i : lines.length);
    steps.push({ step: s.line, durationMs: until - s.atMs, cached: body.some((l) => /^--> Using cache /.test(l.line)) });
  });
  return steps;
}

/** Time of the step that runs a cache-mounted command (or the same command with the mount removed). */
export function installStepMs(steps: readonly StepTiming[], command: RegExp): number | undefined {
  return steps.find((s) => /: RUN /.test(s.step) && command.test(s.step))?.durationMs;
}
