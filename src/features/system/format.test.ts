// The System panel's number formatting, at unit boundaries and for missing values.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatLimit, percent, yesNo } from './format.ts';

describe('formatBytes', () => {
  it('uses binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(268_435_456)).toBe('256 MiB');
    expect(formatBytes(4 * 1024 ** 3 - 1)).toBe('4 GiB');
    expect(formatBytes(12.34 * 1024 ** 3)).toBe('12.3 GiB');
    expect(formatBytes(2 ** 60)).toBe('1024 PiB');
  });

  it('says unknown for missing or nonsense values', () => {
    for (const v of [null, undefined, Number.NaN, -1, Number.POSITIVE_INFINITY])
      expect(formatBytes(v)).toBe('unknown');
  });
});

describe('flags, limits, percentages', () => {
  it('writes yes/no/unknown', () => {
    expect([yesNo(true), yesNo(false), yesNo(null)]).toEqual(['yes', 'no', 'unknown']);
  });

  it('gives byte limits units and leaves counts plain', () => {
    expect(formatLimit('maxBufferSize', 268_435_456)).toBe('256 MiB');
    expect(formatLimit('maxStorageBufferBindingSize', 134_217_728)).toBe('128 MiB');
    expect(formatLimit('maxComputeWorkgroupStorageSize', 16_384)).toBe('16 KiB');
    expect(formatLimit('maxComputeWorkgroupsPerDimension', 65_535)).toBe('65,535');
    expect(formatLimit('maxComputeWorkgroupSizeX', 256)).toBe('256');
  });

  it('computes usage shares', () => {
    expect(percent(1, 4)).toBe('25.00%');
    expect(percent(1, 1e9)).toBe('< 0.01%');
    expect(percent(0, 10)).toBe('0.00%');
    expect(percent(null, 10)).toBe('unknown');
    expect(percent(5, 0)).toBe('unknown');
  });
});
