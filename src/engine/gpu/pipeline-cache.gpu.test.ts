// Pipeline cache on a real device: concurrent gets compile once, constants are part of the key, and WGSL errors
// surface with the shader key and the compiler's line:column messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from './context.ts';
import { GpuValidationError } from './errors.ts';
import { gpuSkipped, requireGpu } from './testing.ts';

const FILL = /* wgsl */ `
override VALUE: f32 = 1.0;
@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  if (g.x < arrayLength(&y)) { y[g.x] = VALUE; }
}`;

describe.skipIf(gpuSkipped)('PipelineCache', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'pipeline cache test' });
  });
  afterAll(() => ctx?.destroy());

  it('compiles a key once even when requested concurrently', async () => {
    let builds = 0;
    const spec = {
      key: 'test/fill',
      code: () => {
        builds++;
        return FILL;
      },
    };
    const before = ctx.pipelines.stats();
    const [p1, p2, p3] = await Promise.all([
      ctx.pipelines.get(spec),
      ctx.pipelines.get(spec),
      ctx.pipelines.get(spec),
    ]);
    expect(builds).toBe(1);
    expect(p1).toBe(p2);
    expect(p2).toBe(p3);
    const after = ctx.pipelines.stats();
    expect(after.compiled - before.compiled).toBe(1);
    expect(after.hits - before.hits).toBe(2);
    expect(after.inFlight).toBe(0);
    expect(await ctx.pipelines.get(spec)).toBe(p1);
  });

  it('treats override constants as part of the key, and the constants take effect', async () => {
    const seven = ctx.pipelines.ref({ key: 'test/fill', code: () => FILL, constants: { VALUE: 7 } });
    const one = ctx.pipelines.ref({ key: 'test/fill', code: () => FILL });
    const p7 = await seven.ready;
    expect(p7).not.toBe(await one.ready);
    const y = ctx.upload(new Float32Array(100).fill(Number.NaN), [100], 'fill out');
    ctx.batcher.dispatch({ pipeline: seven, bindings: [y], workgroups: [2], label: 'fill 7' });
    expect(await ctx.read(y)).toEqual(new Float32Array(100).fill(7));
    ctx.release(y);
  });

  it('reports WGSL compile errors with the shader key and line numbers, and does not cache them', async () => {
    const bad = { key: 'test/broken', code: () => `${FILL}\nfn broken() -> f32 { return undefined_thing; }` };
    const err = await ctx.pipelines.get(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GpuValidationError);
    const msg = (err as Error).message;
    expect(msg).toContain("shader 'test/broken'");
    expect(msg).toMatch(/\n8:\d+: /); // line 8 of the source, where the unknown identifier is
    expect(msg).toContain('undefined_thing');
    expect(ctx.pipelines.stats().inFlight).toBe(0);
    // A retry compiles again (and fails again) rather than returning a poisoned cache entry.
    await expect(ctx.pipelines.get(bad)).rejects.toThrow("shader 'test/broken'");
  });

  it('a dispatch recorded with a broken shader makes flush() and read() reject, naming the key', async () => {
    const bad = ctx.pipelines.ref({
      key: 'test/broken-recorded',
      code: () => `${FILL}\nfn f() { let x: u32 = 1.5; }`,
    });
    const y = ctx.upload(new Float32Array(64), [64], 'y');
    ctx.batcher.dispatch({ pipeline: bad, bindings: [y], workgroups: [1], label: 'broken' });
    await expect(ctx.flush()).rejects.toThrow("WGSL compilation of shader 'test/broken-recorded' failed");
    // The context stays usable afterwards.
    const good = ctx.pipelines.ref({ key: 'test/fill', code: () => FILL, constants: { VALUE: 3 } });
    ctx.batcher.dispatch({ pipeline: good, bindings: [y], workgroups: [1], label: 'fill 3' });
    expect(await ctx.read(y)).toEqual(new Float32Array(64).fill(3));
    ctx.release(y);
  });
});
