/**
 * What may be written to a log about a failure: its name, message and stack — never a query's
 * parameters (TypeORM's QueryFailedError carries them: names, phones, password hashes, report texts).
 */
export function redacted(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const own = error as Error & { parameters?: unknown; driverError?: unknown; query?: unknown };
  if (own.parameters === undefined && own.driverError === undefined) return error;
  const safe = new Error(error.message);
  safe.name = error.name;
  safe.stack = error.stack;
  return safe;
}
