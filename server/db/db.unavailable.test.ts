import { describe, expect, it } from 'vitest';
import { classified, DatabaseUnavailableError, isConnectionFailure } from './db.unavailable.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('which database errors mean "unavailable" (503)', () => {
  it.each([
    ['refused', withCode('ECONNREFUSED')],
    ['reset', withCode('ECONNRESET')],
    ['admin shutdown', withCode('57P01', 'terminating connection due to administrator command')],
    ['starting up', withCode('57P03', 'the database system is starting up')],
    ['statement timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['connection exception class 08', withCode('08006')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['client-side query timeout', new Error('Query read timeout')],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED')], 'connect')],
  ])('%s', (_, err) => {
    expect(isConnectionFailure(err)).toBe(true);
    expect(classified(err)).toBeInstanceOf(DatabaseUnavailableError);
    expect((classified(err) as DatabaseUnavailableError).cause).toBe(err);
  });

  it.each([
    ['unique violation', withCode('23505')],
    ['syntax error', withCode('42601')],
    ['a bug', new TypeError('x is undefined')],
    ['not an error', 'ECONNREFUSED'],
  ])('not %s: that stays the error it is', (_, err) => {
    expect(isConnectionFailure(err)).toBe(false);
    expect(classified(err)).toBe(err);
  });

  it('does not wrap twice', () => {
    const once = classified(withCode('ECONNREFUSED'));
    expect(classified(once)).toBe(once);
  });
});
