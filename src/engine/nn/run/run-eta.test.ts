// ETAs from measured rates: a phase's from its own items, the epochs' with the time spent between steps.
import { describe, expect, it } from 'vitest';
import { EpochEta, PhaseEta } from './run-eta.ts';

describe('PhaseEta', () => {
  it('gives seconds left from the rate since the phase began, and restarts on a new phase', () => {
    const eta = new PhaseEta();
    expect(eta.update('train features', 0, 100, 1000)).toBeNull();
    // 10 images in 5 s: 90 left take 45 s.
    expect(eta.update('train features', 10, 100, 6000)).toBeCloseTo(45, 9);
    expect(eta.update('train features', 100, 100, 50_000)).toBe(0);
    expect(eta.update('val features', 0, 20, 50_000)).toBeNull();
    expect(eta.update('val features', 4, 20, 52_000)).toBeCloseTo(8, 9);
  });

  it('measures from the first report when it already counts items', () => {
    const eta = new PhaseEta();
    expect(eta.update('p', 8, 40, 0)).toBeNull();
    expect(eta.update('p', 16, 40, 4000)).toBeCloseTo(12, 9);
  });
});

describe('EpochEta', () => {
  it('adds the measured time between steps (validation, checkpoint) for each epoch left', () => {
    const eta = new EpochEta();
    expect(eta.secondsLeft(10, 2)).toBeNull();
    // Epoch 1: 5 steps of 10 ms, then 2 s of validation and checkpoint.
    for (let i = 0; i < 5; i++) eta.step(10);
    // Before an epoch has ended only the steps are known.
    expect(eta.secondsLeft(5, 1)).toBeCloseTo(0.05, 9);
    eta.epochDone(2050, 50);
    // 3 epochs left of 5 steps: 15 × 10 ms + 3 × 2 s.
    expect(eta.secondsLeft(15, 3)).toBeCloseTo(6.15, 9);
  });
});
