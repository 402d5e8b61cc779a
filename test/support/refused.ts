/** A test assertion shared by the core's tests (kept apart from helpers.ts, which the benchmarks import outside vitest). */
import { expect } from 'vitest';
import { DomainError } from '../../main/core/errors';

/** Awaits a command that must be refused with `code`; returns the refusal for more checks. */
export async function refusedWith(p: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return error as DomainError;
  }
  throw new Error(`expected a refusal with ${code}`);
}
