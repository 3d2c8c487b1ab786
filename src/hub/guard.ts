/** How a caught error is reported: its name and message, never its stack. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Logs through a sink that may itself be what failed; a sink that throws again is not asked twice. */
export function logSafely(log: (line: string) => void, line: string): void {
  try {
    log(line);
  } catch {
    // The failure being reported may be the sink's own: there is nowhere left to report it.
  }
}

/**
 * Wraps a timer's callback so that what it throws is logged (as "failed to `what`") instead of ending the
 * process: a timer's exception has no caller to catch it.
 */
export function guarded(log: (line: string) => void, what: string, callback: () => void): () => void {
  return () => {
    try {
      callback();
    } catch (error) {
      logSafely(log, `failed to ${what}: ${errorText(error)}`);
    }
  };
}

/** A message in a log line: its first line, cut at 100 characters, so that each action stays one short line. */
export function shortened(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}
