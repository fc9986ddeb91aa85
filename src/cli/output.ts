// CLI output convention: JSON lines on stdout, human progress on stderr, `{"error": …}` + non-zero exit on failure.

export function emitJson(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function fail(err: unknown, code = 1): never {
  const message = err instanceof Error ? err.message : String(err);
  emitJson({ error: message });
  if (process.env.WEBCLAS_DEBUG && err instanceof Error && err.stack) progress(err.stack);
  process.exit(code);
}
