import { expect } from '@open-wc/testing';
import { WellError } from '../../src/model/well-error.js';

/** Awaits a promise that must reject with a WellError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<WellError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(WellError);
    return err as WellError;
  }
  throw new Error('expected a rejection');
}
