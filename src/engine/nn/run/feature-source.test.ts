// featureSource: head features are shared between runs exactly when backbone, dataset, size and backend agree.
import { describe, expect, it } from 'vitest';
import { featureSource } from './drivers.ts';

describe('featureSource', () => {
  const zoo = { kind: 'zoo', id: 'mobilenetv2' } as const;
  const key = featureSource(zoo, 'ds1', 224, 'wasm');

  it('is the same for the same backbone, dataset, size and backend', () => {
    expect(featureSource({ kind: 'zoo', id: 'mobilenetv2' }, 'ds1', 224, 'wasm')).toBe(key);
  });

  it('differs when anything the features depend on differs', () => {
    const others = [
      featureSource({ ...zoo, variant: 'int8' }, 'ds1', 224, 'wasm'),
      featureSource({ kind: 'local', id: 'mobilenetv2' }, 'ds1', 224, 'wasm'),
      featureSource({ kind: 'checkpoint', runId: 'r1', epoch: 2 }, 'ds1', 224, 'wasm'),
      featureSource({ kind: 'checkpoint', runId: 'r1', epoch: 3 }, 'ds1', 224, 'wasm'),
      featureSource(zoo, 'ds2', 224, 'wasm'),
      featureSource(zoo, 'ds1', 128, 'wasm'),
      featureSource(zoo, 'ds1', 224, 'gpu'),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });
});
