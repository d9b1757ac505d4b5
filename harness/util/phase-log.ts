// Live progress for long runs: phase headers with elapsed time and a heartbeat while a phase waits.
export class PhaseLog {
  private readonly t0 = Date.now();
  constructor(private readonly tag: string) {}

  elapsed(): string {
    const s = Math.round((Date.now() - this.t0) / 1000);
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  }

  line(text: string): void {
    console.log(`[${this.tag} ${this.elapsed()}] ${text}`);
  }

  /** Runs a phase, printing a heartbeat every intervalMs so a long wait never looks like a hang. */
  async phase<T>(name: string, work: () => Promise<T>, intervalMs = 30_000): Promise<T> {
    this.line(`== ${name}`);
    const started = Date.now();
    const timer = setInterval(() => this.line(`   ${name}: still running (${Math.round((Date.now() - started) / 1000)} s)`), intervalMs);
    try {
      const result = await work();
      this.line(`   ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return result;
    } finally {
      clearInterval(timer);
    }
  }
}
