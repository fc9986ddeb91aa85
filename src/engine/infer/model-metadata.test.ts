// preprocessFromMetadata: a studio-trained model's eval preprocessing comes back from its own metadata_props (so
// Classify runs a 96 px fine-tune at 96 px), a model without it gets null, a malformed one an error naming the field.
import { describe, expect, it } from 'vitest';
import { evalPreprocess } from '../data/feed/eval-preprocess.ts';
import type { Graph } from '../nn/graph/ir.ts';
import { exportOnnx } from '../onnx/export.ts';
import { preprocessFromMetadata, readMetadataProps, TRAINING_KEY } from './model-metadata.ts';
import { resolveLocalModel } from './model-source.ts';

const props = (training: unknown) => new Map([[TRAINING_KEY, JSON.stringify(training)]]);

/** A one-node graph (Identity-free: Relu) so exportOnnx writes a real, tiny model with metadata. */
function tinyGraph(): Graph {
  return {
    name: 'tiny',
    inputs: [{ name: 'x', shape: [1, 3, 96, 96] }],
    outputs: [{ name: 'y', shape: [1, 3, 96, 96] }],
    nodes: [{ name: 'relu', op: 'Relu', inputs: ['x'], outputs: ['y'], attrs: {} }],
    params: new Map(),
  } as unknown as Graph;
}

describe('preprocessFromMetadata', () => {
  it('returns the stored eval preprocessing of a training run', () => {
    const size = 64 + Math.floor(Math.random() * 160);
    const pre = evalPreprocess(size);
    expect(preprocessFromMetadata(props({ recipe: { size }, preprocess: pre }))).toEqual(pre);
  });

  it('is null without training metadata or without a preprocess entry', () => {
    expect(preprocessFromMetadata(new Map())).toBeNull();
    expect(preprocessFromMetadata(props({ recipe: { size: 96 } }))).toBeNull();
  });

  it('names the malformed field', () => {
    const pre = evalPreprocess(96);
    expect(() => preprocessFromMetadata(props({ preprocess: { ...pre, mean: [0.5, 0.5] } }))).toThrow(
      'webclas.training"].preprocess.mean',
    );
    expect(() =>
      preprocessFromMetadata(props({ preprocess: { ...pre, crop: { width: 0, height: 96 } } })),
    ).toThrow('preprocess.crop');
    expect(() => preprocessFromMetadata(new Map([[TRAINING_KEY, '{oops']]))).toThrow('is not JSON');
  });

  it('drives a local model exported by the studio: its classifier preprocesses at the trained size', () => {
    const pre = evalPreprocess(96);
    const bytes = exportOnnx(tinyGraph(), { classes: ['a', 'b', 'c'], training: { preprocess: pre } });
    expect(preprocessFromMetadata(readMetadataProps(bytes))).toEqual(pre);
    const m = resolveLocalModel('local/x', 'x.onnx', bytes);
    expect(m.classifier.preprocess).toEqual(pre);
    expect(m.labelSource).toContain('webclas.classes');
  });
});

describe('fineTunedFacts (the Compare screen second panel)', () => {
  it('reads dataset, base and val top-1 of a studio export; null for other models', async () => {
    const { fineTunedFacts } = await import('../bench/models/model-info.ts');
    const bytes = exportOnnx(tinyGraph(), {
      classes: ['a', 'b'],
      training: {
        dataset: 'flowers12',
        valTop1: 0.93,
        source: 'mobilenetv2-12-float',
        preprocess: evalPreprocess(96),
      },
    });
    expect(fineTunedFacts(bytes)).toEqual({
      dataset: 'flowers12',
      valTop1: 0.93,
      base: 'mobilenetv2-12-float',
    });
    expect(fineTunedFacts(exportOnnx(tinyGraph(), { classes: ['a'] }))).toBeNull();
  });
});
