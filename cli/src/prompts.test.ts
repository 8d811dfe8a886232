import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

const asked: Array<{ kind: string; message: string; output: unknown }> = [];
let answer: string | boolean = '';

// The prompt library is replaced only to stand in for the person at the terminal.
jest.unstable_mockModule('@inquirer/prompts', () => {
  const prompt =
    (kind: string) =>
    async (config: { message: string }, context: { output?: unknown } = {}) => {
      asked.push({ kind, message: config.message, output: context.output });
      return answer;
    };
  return { input: prompt('input'), password: prompt('password'), confirm: prompt('confirm') };
});

const { confirmDestructive, requireValue } = await import('./prompts.js');
const { UsageError } = await import('./exit-codes.js');

const wasTTY = process.stdin.isTTY;
const setTTY = (value: boolean) => {
  Object.defineProperty(process.stdin, 'isTTY', { value, configurable: true });
};

beforeEach(() => {
  asked.length = 0;
});
afterEach(() => setTTY(wasTTY));

const needed = {
  flag: '--name',
  message: 'Client name',
  usage: 'idctl clients create --name NAME',
};

describe('requireValue', () => {
  it('given a value -> it, and nothing is asked', async () => {
    setTTY(true);
    expect(await requireValue('web', needed)).toBe('web');
    expect(asked).toEqual([]);
  });

  it('missing on a TTY -> asks on stderr (stdout stays the result) and uses the answer', async () => {
    setTTY(true);
    answer = 'typed';

    const value = await requireValue(undefined, needed);

    expect(value).toBe('typed');
    expect(asked).toEqual([{ kind: 'input', message: 'Client name', output: process.stderr }]);
  });

  it('a secret on a TTY -> a hidden password prompt', async () => {
    setTTY(true);
    answer = 's3cret';

    await requireValue(undefined, { ...needed, secret: true });

    expect(asked[0]?.kind).toBe('password');
  });

  it('missing without a TTY -> UsageError naming the flag, with the usage line, nothing asked', async () => {
    setTTY(false);

    const failure = requireValue(undefined, needed);

    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toMatchObject({
      message: expect.stringContaining('--name'),
      usage: needed.usage,
    });
    expect(asked).toEqual([]);
  });
});

describe('confirmDestructive', () => {
  it('--yes -> goes ahead without asking, TTY or not', async () => {
    setTTY(false);
    await expect(confirmDestructive(true, 'Delete?', 'u')).resolves.toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('on a TTY, answered no -> UsageError "cancelled"', async () => {
    setTTY(true);
    answer = false;

    await expect(confirmDestructive(false, 'Delete tenant acme?', 'u')).rejects.toThrow(
      /cancelled/,
    );
    expect(asked).toEqual([
      { kind: 'confirm', message: 'Delete tenant acme?', output: process.stderr },
    ]);
  });

  it('on a TTY, answered yes -> goes ahead', async () => {
    setTTY(true);
    answer = true;

    await expect(confirmDestructive(false, 'Delete?', 'u')).resolves.toBeUndefined();
  });

  it('no TTY and no --yes -> UsageError naming --yes', async () => {
    setTTY(false);

    await expect(
      confirmDestructive(false, 'Delete?', 'idctl tenants delete SLUG --yes'),
    ).rejects.toThrow(/--yes/);
  });
});
