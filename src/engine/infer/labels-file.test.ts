// Labels files and ONNX metadata_props: plain and indexed lines, JSON, errors naming the line; metadata read from
// a real model written with onnx-proto (and from ../shared's float model, which has none).
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { readShared } from '../onnx/testing/shared.ts';
import { labelFunction, parseLabelsFile } from './labels-file.ts';
import { CLASSES_KEY, classesFromMetadata, readMetadataProps } from './model-metadata.ts';

const { onnx } = onnxProto;

describe('parseLabelsFile', () => {
  it('reads one name per line, PaddleClas "i name" lines and JSON arrays', () => {
    expect(parseLabelsFile('tench\ngoldfish\r\n\ngreat white shark\n')).toEqual([
      'tench',
      'goldfish',
      'great white shark',
    ]);
    expect(parseLabelsFile('0 bluebell\n1 buttercup\n2 colts foot\n')).toEqual([
      'bluebell',
      'buttercup',
      'colts foot',
    ]);
    expect(parseLabelsFile('["a","b"]')).toEqual(['a', 'b']);
  });

  it('names the line of a skipped index, and rejects empty files', () => {
    expect(() => parseLabelsFile('0 a\n2 b', 'flowers.txt')).toThrow(
      'flowers.txt:2: expected index 1, got 2',
    );
    expect(() => parseLabelsFile('  \n', 'x.txt')).toThrow('x.txt: no labels in it');
  });

  it('falls back to index numbers', () => {
    const f = labelFunction(['a']);
    expect([f(0), f(3), labelFunction(null)(7)]).toEqual(['a', 'class 3', 'class 7']);
  });
});

describe('readMetadataProps', () => {
  it('finds webclas.classes after the graph without decoding it', () => {
    const names = ['cat', 'dog', 'zebra'];
    const model = onnx.ModelProto.encode(
      onnx.ModelProto.create({
        irVersion: 7,
        producerName: 'test',
        opsetImport: [{ domain: '', version: 13 }],
        graph: { name: 'g', node: [{ opType: 'Identity', input: ['x'], output: ['y'] }] },
        metadataProps: [
          { key: 'author', value: 'me' },
          { key: CLASSES_KEY, value: JSON.stringify(names) },
        ],
      }),
    ).finish();
    const props = readMetadataProps(model);
    expect(props.get('author')).toBe('me');
    expect(classesFromMetadata(props)).toEqual(names);
    expect(() => classesFromMetadata(new Map([[CLASSES_KEY, '{']]))).toThrow(
      `metadata_props["${CLASSES_KEY}"] is not JSON`,
    );
    expect(() => readMetadataProps(model.subarray(0, model.length - 3))).toThrow(/runs past the end/);
  });

  it('reads the real float MobileNetV2 (no class names in it)', () => {
    expect(classesFromMetadata(readMetadataProps(readShared('models/mobilenetv2-12-float.onnx')))).toBeNull();
  });
});
