// archOf: zoo models map through their family; local files are guessed from the name and always marked inexact.
import { describe, expect, it } from 'vitest';
import { archOf } from './export-paddle.ts';

describe('archOf', () => {
  it('uses the zoo family and display name', () => {
    expect(archOf({ name: 'mobilenetv2', family: 'mobilenet-v2', displayName: 'MobileNetV2 1.0' })).toEqual({
      name: 'MobileNetV2',
      exact: true,
    });
  });

  it('guesses a local file from its name, inexact', () => {
    expect(archOf({ name: 'mobilenetv2-12-float' })).toEqual({ name: 'MobileNetV2', exact: false });
    expect(archOf({ name: 'resnet18-bn-random' })).toEqual({ name: 'ResNet18', exact: false });
    expect(archOf({ name: 'my-net' })).toEqual({ name: 'my-net', exact: false });
  });
});
