// Parsing ORT's node-placement log: the single-provider form as ORT 1.30 printed it for MobileNetV2 int8 here, and
// the per-provider form (session_state.cc's layout: a header line, then "OpType (name)" lines in the same message).
import { describe, expect, it } from 'vitest';
import { cpuFallback, describePlacement, parsePlacement } from './placement.ts';

const allOnCpu = [
  '2026-11-28 09:28:43.250698 [V:onnxruntime:, session_state.cc:1377 VerifyEachNodeIsAssignedToAnEp] Node placements',
  '2026-11-28 09:28:43.250789 [V:onnxruntime:, session_state.cc:1380 VerifyEachNodeIsAssignedToAnEp]  All nodes placed on [CPUExecutionProvider]. Number of nodes: 70',
];

const mixed = [
  '[V:onnxruntime:, session_state.cc:1377 VerifyEachNodeIsAssignedToAnEp] Node placements',
  '[V:onnxruntime:, session_state.cc:1391 VerifyEachNodeIsAssignedToAnEp]  Node(s) placed on [WebGpuExecutionProvider]. Number of nodes: 61\n',
  '[V:onnxruntime:, session_state.cc:1391 VerifyEachNodeIsAssignedToAnEp]  Node(s) placed on [CPUExecutionProvider]. Number of nodes: 2\n  Shape (/Shape)\n  Gather (/Gather_1)\n',
  '[V:onnxruntime:, inference_session.cc:2100 Initialize] Session successfully initialized.',
];

describe('parsePlacement', () => {
  it('reads "all nodes placed on" with the node count', () => {
    const r = parsePlacement(allOnCpu);
    expect(r).toEqual({
      reported: true,
      placements: [{ provider: 'CPUExecutionProvider', count: 70, nodes: [] }],
    });
    expect(cpuFallback(r, 'wasm')).toBeUndefined();
  });

  it('lists the nodes that fell back to the CPU when WebGPU was asked for', () => {
    const r = parsePlacement(mixed);
    expect(r.placements.map((p) => [p.provider, p.count])).toEqual([
      ['WebGpuExecutionProvider', 61],
      ['CPUExecutionProvider', 2],
    ]);
    expect(cpuFallback(r, 'webgpu')?.nodes).toEqual(['Shape (/Shape)', 'Gather (/Gather_1)']);
  });

  it('says when ORT reported nothing', () => {
    expect(parsePlacement(['hello', ''])).toEqual({ reported: false, placements: [] });
  });
});

describe('describePlacement', () => {
  it('says in plain words that a WASM session runs entirely on the CPU', () => {
    const text = describePlacement(parsePlacement(allOnCpu), 'wasm');
    expect(text).toBe('Runs entirely on the CPU (WASM): all 70 operations of the model.');
    expect(text).not.toMatch(/placed|ExecutionProvider|nodes/);
  });

  it('names the share that fell back to the CPU when WebGPU was asked for', () => {
    expect(describePlacement(parsePlacement(mixed), 'webgpu')).toMatch(
      /^Runs on the GPU \(WebGPU\) except 2 of 63 operations, which fell back to the CPU \(WASM\)/,
    );
  });

  it('says when ORT reported nothing instead of guessing', () => {
    expect(describePlacement(parsePlacement([]), 'wasm')).toMatch(/did not report where the model runs/);
  });
});
