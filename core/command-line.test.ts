import { describe, expect, it } from 'vitest';
import { readCommandLine } from './command-line.ts';

const spec = { values: ['out', 'older-than-days'], switches: ['send'] } as const;

describe('readCommandLine', () => {
  it('reads values in both forms, switches, and values that begin with a dash', () => {
    const line = readCommandLine(['--out=a=b', '--older-than-days', '-5', '--send'], spec);
    expect(line.values).toEqual({ out: 'a=b', 'older-than-days': '-5' });
    expect([...line.switches]).toEqual(['send']);
  });

  it('keeps bare arguments only when the command takes them', () => {
    expect(readCommandLine(['abc', '--out', 'x'], { ...spec, positionals: true }).positionals).toEqual(['abc']);
    expect(() => readCommandLine(['abc'], spec)).toThrow('unexpected argument "abc"');
  });

  it.each([
    [['--out'], '--out needs a value'],
    [['--out', '--send'], '--out needs a value'],
    [['--send=yes'], '--send takes no value'],
    [['--out', 'a', '--out', 'b'], '--out given twice'],
    [['--colour', 'red'], 'unknown option --colour'],
    [['-x'], 'unexpected argument "-x"'],
    [['-abc'], 'unexpected argument "-abc"'],
    [['--Out', 'a'], 'unexpected argument "--Out"'],
    [['--', 'a'], 'unexpected argument "--"'],
  ])('rejects %j, naming the first mistake', (argv, message) => {
    expect(() => readCommandLine(argv, spec)).toThrow(message);
  });
});
