// One-line failure for command-line entry points: what went wrong and how to fix it, non-zero exit.
export function reportFatal(what: string, err: unknown, exitCode = 1): never {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`${what}: error: ${message}`);
  process.exit(exitCode);
}
