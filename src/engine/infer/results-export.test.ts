// CSV/JSON export of classification results: quoting, error rows, fixed columns.
import { describe, expect, it } from 'vitest';
import { resultsToCsv, resultsToJson } from './results-export.ts';
import type { ClassifyItem } from './runner.ts';

const items: ClassifyItem[] = [
  {
    name: 'holiday/beach/a, "quoted".jpg',
    ok: true,
    width: 10,
    height: 20,
    backend: 'wasm',
    preprocessMs: 1.234,
    inferenceMs: 50,
    batchSize: 8,
    top: [
      { index: 967, label: 'espresso', probability: 0.9 },
      { index: 504, label: 'coffee mug', probability: 0.05 },
    ],
  },
  { name: 'bad.jpg', ok: false, error: 'bad.jpg: not an image: plain text' },
];

describe('results export', () => {
  it('writes one CSV row per image with quoted fields and empty cells past the known top-k', () => {
    const lines = resultsToCsv(items, 2).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'file,ok,error,backend,preprocess_ms,inference_ms,batch_size,top1_index,top1_label,top1_prob,top2_index,top2_label,top2_prob',
    );
    expect(lines[1]).toBe(
      '"holiday/beach/a, ""quoted"".jpg",1,,wasm,1.23,50.00,8,967,espresso,0.900000,504,coffee mug,0.0500000',
    );
    expect(lines[2]).toBe('bad.jpg,0,bad.jpg: not an image: plain text');
  });

  it('writes names, labels and errors that look like formulas as text', () => {
    const hostile: ClassifyItem[] = [
      {
        name: '=cmd|"/C calc"!A0.jpg',
        ok: true,
        width: 1,
        height: 1,
        backend: 'wasm',
        preprocessMs: 0.5,
        inferenceMs: 2,
        batchSize: 1,
        top: [{ index: 3, label: '@SUM(A1)', probability: 0.75 }],
      },
      { name: '+x.jpg', ok: false, error: '-1 is not an image' },
    ];
    const lines = resultsToCsv(hostile, 1).trimEnd().split('\n');
    expect(lines[1]).toBe(`"'=cmd|""/C calc""!A0.jpg",1,,wasm,0.50,2.00,1,3,'@SUM(A1),0.750000`);
    expect(lines[2]).toBe("'+x.jpg,0,'-1 is not an image");
  });

  it('round-trips through JSON', () => {
    expect(JSON.parse(resultsToJson(items))).toEqual(items);
  });
});
