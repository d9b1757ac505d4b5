export type Logger = (event: string, fields?: Record<string, unknown>) => void;

/** One JSON object per line on stdout, so `podman logs` output can be parsed line by line. */
export const jsonLineLogger: Logger = (event, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
};

export const silentLogger: Logger = () => {};
