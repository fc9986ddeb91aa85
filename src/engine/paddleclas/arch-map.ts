// Our zoo families → PaddleClas `Arch.name`, and which PaddleClas archs take a per-stage `lr_mult_list`, so the
// exported YAML names a network PaddleClas can build and says plainly when the name is only a guess.

export interface PaddleArch {
  /** PaddleClas Arch name (ppcls/arch/backbone), e.g. MobileNetV2, ResNet50, MobileNetV3_large_x1_0. */
  name: string;
  /** False when PaddleClas has no exact counterpart: the YAML carries a comment asking to check the name. */
  exact: boolean;
}

/** Width multipliers PaddleClas ships for MobileNetV2 (its names: MobileNetV2_x0_25 … MobileNetV2_x2_0). */
const MOBILENET_V2_WIDTHS: Record<string, string> = {
  '0.25': 'MobileNetV2_x0_25',
  '0.5': 'MobileNetV2_x0_5',
  '0.75': 'MobileNetV2_x0_75',
  '1': 'MobileNetV2',
  '1.5': 'MobileNetV2_x1_5',
  '2': 'MobileNetV2_x2_0',
};

const RESNET_DEPTHS = new Set(['18', '34', '50', '101', '152', '200']);

/** Families whose PaddleClas name does not depend on the zoo entry's display name. */
const FIXED: Record<string, PaddleArch> = {
  'mobilenet-v3': { name: 'MobileNetV3_large_x1_0', exact: true },
  'mobilenet-v4': { name: 'MobileNetV4_conv_small', exact: true },
  efficientnet: { name: 'EfficientNetB0', exact: true },
  // PaddleClas has EfficientNetB0–B7 but not the Lite variants (no SE, ReLU6): the closest is a guess.
  'efficientnet-lite': { name: 'EfficientNetB0', exact: false },
  shufflenet: { name: 'ShuffleNetV2_x1_0', exact: true },
  squeezenet: { name: 'SqueezeNet1_1', exact: true },
  convnext: { name: 'ConvNeXt_tiny', exact: false },
  deit: { name: 'DeiT_tiny_distilled_patch16_224', exact: true },
  vit: { name: 'ViT_base_patch16_224', exact: true },
  mobilevit: { name: 'MobileViT_S', exact: true },
};

/** PaddleClas Arch for a zoo entry (its `family` and display `name`); unknown families keep the family name. */
export function paddleClasArch(family: string, displayName = ''): PaddleArch {
  if (family === 'mobilenet-v2') {
    const width = /MobileNetV2\s+(\d+(?:\.\d+)?)/i.exec(displayName)?.[1];
    // String(Number('1.0')) is '1': the map's keys are in that canonical form.
    const name = MOBILENET_V2_WIDTHS[width === undefined ? '1' : String(Number(width))];
    return name ? { name, exact: true } : { name: 'MobileNetV2', exact: false };
  }
  if (family === 'resnet') {
    const depth = /ResNet-?(\d+)/i.exec(displayName)?.[1];
    if (depth && RESNET_DEPTHS.has(depth)) return { name: `ResNet${depth}`, exact: true };
    return { name: 'ResNet50', exact: false };
  }
  return FIXED[family] ?? { name: family, exact: false };
}

/**
 * Length of `lr_mult_list` for PaddleClas archs that accept one (legendary_models: ResNet stem + 4 stages = 5,
 * MobileNetV3 and PPLCNet = 6, PPHGNet = 5), or null: those archs train every layer at the base lr.
 * The classifier head is outside the list in all of them, so it keeps lr × 1 as our head does.
 */
export function lrMultStages(arch: string): number | null {
  if (/^ResNet\d+(_vd)?$/.test(arch)) return 5;
  if (/^MobileNetV3_(large|small)_x\d_\d+$/.test(arch)) return 6;
  if (/^PPLCNet_x\d_\d+$/.test(arch)) return 6;
  if (/^PPHGNet_(tiny|small|base)$/.test(arch)) return 5;
  return null;
}
