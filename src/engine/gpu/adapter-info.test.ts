// Unit tests of describeAdapter's classification (software vs hardware) and of pipeline cache keys.
import { describe, expect, it } from 'vitest';
import { describeAdapter } from './adapter-info.ts';
import { pipelineCacheKey } from './pipeline-cache.ts';

const limits = {
  maxBufferSize: 2 ** 30,
  maxStorageBufferBindingSize: 2 ** 29,
  maxComputeWorkgroupStorageSize: 32768,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxComputeWorkgroupSizeX: 1024,
  maxComputeWorkgroupSizeY: 1024,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 10,
  maxTextureDimension2D: 16384,
};

/** Adapter-shaped data as a browser reports it (info fields, a features set, a limits object). */
function adapterWith(info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }): GPUAdapter {
  return { info, features: new Set(['timestamp-query', 'shader-f16']), limits } as unknown as GPUAdapter;
}

describe('describeAdapter', () => {
  it('summarises a hardware adapter as plain JSON', () => {
    const s = describeAdapter(adapterWith({ vendor: 'nvidia', architecture: 'hopper', description: 'H200' }));
    expect(s.isSoftware).toBe(false);
    expect(s.isFallbackAdapter).toBe(false);
    expect(s.features).toEqual(['shader-f16', 'timestamp-query']);
    expect(s.limits.maxComputeInvocationsPerWorkgroup).toBe(1024);
    expect('maxTextureDimension2D' in s.limits).toBe(false);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('recognises software implementations', () => {
    expect(describeAdapter(adapterWith({ vendor: 'google', architecture: 'swiftshader' })).isSoftware).toBe(
      true,
    );
    expect(
      describeAdapter(adapterWith({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }))
        .isSoftware,
    ).toBe(true);
    expect(describeAdapter(adapterWith({ description: 'lavapipe' })).isSoftware).toBe(true);
    const fallback = describeAdapter(adapterWith({ vendor: 'x', isFallbackAdapter: true }));
    expect(fallback.isFallbackAdapter).toBe(true);
    expect(fallback.isSoftware).toBe(true);
  });
});

describe('pipelineCacheKey', () => {
  it('is independent of the order constants are given in, and distinguishes values', () => {
    const a = pipelineCacheKey({ key: 'k', constants: { X: 1, Y: 2 } });
    expect(pipelineCacheKey({ key: 'k', constants: { Y: 2, X: 1 } })).toBe(a);
    expect(pipelineCacheKey({ key: 'k', constants: { X: 1, Y: 3 } })).not.toBe(a);
    expect(pipelineCacheKey({ key: 'k' })).not.toBe(a);
  });
});
