import { describe, expect, it } from 'vitest';
import { parseGoFloat, parsePrometheusText, type PromSample } from './prometheus-text.ts';

const T0 = 1_700_000_000_000;

/** Shaped like node_exporter's collector/fixtures/e2e-output.txt: HELP/TYPE, sorted labels, %g floats. */
const E2E = `# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
# TYPE node_cpu_seconds_total counter
node_cpu_seconds_total{cpu="0",mode="idle"} 10870.69
node_cpu_seconds_total{cpu="0",mode="iowait"} 2.2
node_cpu_seconds_total{cpu="0",mode="user"} 9199.74
# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
# TYPE node_filesystem_avail_bytes gauge
node_filesystem_avail_bytes{device="/dev/sda",device_error="",fstype="ext4",mountpoint="/"} 4.71334912e+09
node_filesystem_avail_bytes{device="tmpfs",device_error="",fstype="tmpfs",mountpoint="/run/user/1000"} 8.39680000e+08
# HELP node_load1 1m load average.
# TYPE node_load1 gauge
node_load1 0.21
# HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.
# TYPE node_memory_MemTotal_bytes gauge
node_memory_MemTotal_bytes 3.831959552e+09
# HELP node_scrape_collector_duration_seconds node_exporter: Duration of a collector scrape.
# TYPE node_scrape_collector_duration_seconds gauge
node_scrape_collector_duration_seconds{collector="cpu"} 0.0001
# HELP node_textfile_mtime_seconds Unixtime mtime of textfiles successfully read.
# TYPE node_textfile_mtime_seconds gauge
node_textfile_mtime_seconds{file="fixtures/textfile/two_metric_files/metrics1.prom"} 1
# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
`;

const sample = (name: string, labels: Record<string, string>, value: number, timeMs = T0): PromSample => ({ name, labels, value, timeMs });

describe('parsePrometheusText', () => {
  it('reads node_exporter output: comments skipped, labels kept, %g floats', () => {
    const r = parsePrometheusText(E2E, T0);
    expect(r.errors).toEqual([]);
    expect(r.lines).toBe(13);
    expect(r.samples[0]).toEqual(sample('node_cpu_seconds_total', { cpu: '0', mode: 'idle' }, 10870.69));
    expect(r.samples[3]).toEqual(
      sample('node_filesystem_avail_bytes', { device: '/dev/sda', device_error: '', fstype: 'ext4', mountpoint: '/' }, 4.71334912e9),
    );
    expect(r.samples.find((s) => s.name === 'node_memory_MemTotal_bytes')?.value).toBe(3831959552);
    expect(r.samples.find((s) => s.labels.le === '+Inf')?.value).toBe(144320);
  });

  it('takes timestamps in milliseconds, else the default time', () => {
    const r = parsePrometheusText('a 1 1484828198557\nb 2\nc 3 -5\n', T0);
    expect(r.samples.map((s) => s.timeMs)).toEqual([1484828198557, T0, -5]);
  });

  it('unescapes \\\\, \\" and \\n in label values and keeps other characters as they are', () => {
    const r = parsePrometheusText('m{path="C:\\\\dir",q="say \\"hi\\"",nl="a\\nb",raw="tab\there é/{}="} 1', T0);
    expect(r.errors).toEqual([]);
    expect(r.samples[0]?.labels).toEqual({ path: 'C:\\dir', q: 'say "hi"', nl: 'a\nb', raw: 'tab\there é/{}=' });
  });

  it('accepts blanks and tabs between tokens, a trailing comma, an empty label set and CRLF', () => {
    const r = parsePrometheusText('m { a = "1" , b="2", }\t 7 \t 1000 \r\nn{} 8\r\n  o 9', T0);
    expect(r.errors).toEqual([]);
    expect(r.samples).toEqual([sample('m', { a: '1', b: '2' }, 7, 1000), sample('n', {}, 8), sample('o', {}, 9)]);
  });

  it('reads Go floats: NaN, ±Inf in any spelling, exponents, hex', () => {
    const r = parsePrometheusText('a NaN\nb +Inf\nc -Inf\nd inf\ne -infinity\nf 1e-3\ng 0x1p-2\nh -.5\ni 1_0', T0);
    expect(r.samples.map((s) => s.value)).toEqual([NaN, Infinity, -Infinity, Infinity, -Infinity, 0.001, 0.25, -0.5]);
    expect(r.errors).toEqual([{ line: 9, reason: 'invalid value "1_0" for "i"', text: 'i 1_0' }]);
    expect(parseGoFloat('0x1.8p1')).toBe(3);
    expect(parseGoFloat('+nan')).toBeUndefined();
  });

  it('reports each bad line with its number and a precise reason, and keeps the good ones', () => {
    const body = [
      'good 1',
      'x{a="unterminated} 1',
      'x{a="b\\q"} 1',
      'x{1a="b"} 1',
      'x{a="b",a="c"} 1',
      'x{a="b"}',
      'x y',
      'x 1 2.5',
      'x 1 2 3',
      '{a="b"} 1',
      'x-y 1',
      'x 1e999',
      'x{a="b" c="d"} 1',
      'x 1 99999999999999999999',
      'x{a=b} 1',
      'good 2',
    ].join('\n');
    const r = parsePrometheusText(body, T0);
    expect(r.samples.map((s) => s.value)).toEqual([1, 2]);
    expect(r.lines).toBe(16);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'unterminated value of label "a"'],
      [3, 'invalid escape "\\q" in the value of label "a"'],
      [4, 'invalid label name start "1"'],
      [5, 'duplicate label "a"'],
      [6, 'missing value for "x"'],
      [7, 'invalid value "y" for "x"'],
      [8, 'invalid timestamp "2.5" (int64 milliseconds expected)'],
      [9, 'unexpected text after the timestamp'],
      [10, 'missing metric name'],
      [11, 'invalid character "-" in metric name'],
      [12, 'value out of range: 1e999'],
      [13, 'expected "," or "}" after label "a"'],
      [14, 'timestamp out of range: 99999999999999999999 ms'],
      [15, `expected '"' to open the value of label "a"`],
    ]);
    expect(r.errors[0]?.text).toBe('x{a="unterminated} 1');
  });

  it('returns nothing for an empty body or only comments', () => {
    expect(parsePrometheusText('', T0)).toEqual({ samples: [], errors: [], lines: 0 });
    expect(parsePrometheusText('# HELP x y\n\n# TYPE x gauge\n', T0)).toEqual({ samples: [], errors: [], lines: 0 });
  });

  it('keeps a label named __proto__ as an ordinary label', () => {
    const r = parsePrometheusText('m{__proto__="x"} 1', T0);
    expect(Object.keys(r.samples[0]?.labels ?? {})).toEqual(['__proto__']);
    expect(r.samples[0]?.labels.__proto__).toBe('x');
  });
});
