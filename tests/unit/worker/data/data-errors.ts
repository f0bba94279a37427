/** Assertions on the DataError a loader rejects with, shared by the data tests. */
import { expect } from 'vitest';
import { DataError } from '../../../../src/worker/data/data-error';

/** The DataError `promise` rejects with (the test fails if it resolves or rejects with anything else). */
export async function dataErrorOf(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

/** Asserts a DataError whose message names the file and the problem. */
export async function expectDataError(promise: Promise<unknown>, file: string, problem: RegExp): Promise<void> {
  const { message } = await dataErrorOf(promise);
  expect(message).toContain(file);
  expect(message).toMatch(problem);
}
