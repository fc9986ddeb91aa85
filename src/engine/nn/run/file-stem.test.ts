// The export's one name: what the download is called is what "My models" lists.
import { describe, expect, it } from 'vitest';
import { exportFileName, fileStem } from './file-stem.ts';

describe('fileStem', () => {
  it('keeps letters, digits, - _ . and turns every other run into one dash', () => {
    expect(fileStem('newcomer quick 160px')).toBe('newcomer-quick-160px');
    expect(fileStem('MobileNetV2 · head · 160px · 2026-12-07 20:45')).toBe(
      'MobileNetV2-head-160px-2026-12-07-20-45',
    );
    expect(fileStem('../../etc/passwd')).toBe('..-..-etc-passwd');
    expect(fileStem(' · ')).toBe('webclas-run');
  });

  it('names the exported ONNX after the run and the checkpoint epoch', () => {
    expect(exportFileName('newcomer quick 160px', 5)).toBe('newcomer-quick-160px-epoch5.onnx');
  });
});
