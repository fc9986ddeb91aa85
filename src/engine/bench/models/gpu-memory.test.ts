// The live/peak byte counting of trackGpuMemory over a device-shaped object whose buffers report their size
// (the real device is exercised by the e2e benchmark; here the arithmetic must be exact).
import { describe, expect, it } from 'vitest';
import { trackGpuMemory } from './gpu-memory.ts';

function fakeDevice() {
  let created = 0;
  const device = {
    createBuffer(desc: GPUBufferDescriptor) {
      created++;
      return { size: desc.size, destroy() {} } as unknown as GPUBuffer;
    },
  };
  return { device: device as unknown as GPUDevice, created: () => created };
}

describe('trackGpuMemory', () => {
  it('counts live bytes and the peak over random create/destroy sequences', () => {
    for (let trial = 0; trial < 20; trial++) {
      const { device } = fakeDevice();
      const own = device.createBuffer;
      const t = trackGpuMemory(device);
      const alive: GPUBuffer[] = [];
      let live = 0;
      let peak = 0;
      for (let i = 0; i < 100; i++) {
        if (alive.length > 0 && Math.random() < 0.4) {
          const b = alive.splice(Math.floor(Math.random() * alive.length), 1)[0];
          live -= b.size;
          b.destroy();
          b.destroy(); // twice: must not count twice
        } else {
          const size = 4 * (1 + Math.floor(Math.random() * 1000));
          alive.push(device.createBuffer({ size, usage: 0 }));
          live += size;
          peak = Math.max(peak, live);
        }
        expect(t.liveBytes).toBe(live);
      }
      expect(t.peakBytes).toBe(peak);
      t.stop();
      expect(device.createBuffer).toBe(own);
    }
  });

  it('ignores buffers created after stop', () => {
    const { device, created } = fakeDevice();
    const t = trackGpuMemory(device);
    device.createBuffer({ size: 64, usage: 0 });
    t.stop();
    device.createBuffer({ size: 1024, usage: 0 });
    expect(created()).toBe(2);
    expect(t.peakBytes).toBe(64);
  });
});
