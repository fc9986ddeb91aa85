// PaddleClas config lists as a user would paste them (JSON of the YAML). RESNET50_VD_* are verbatim from
// ppcls/configs/ImageNet/ResNet/ResNet50_vd.yaml; the RandAugment + RandomErasing variant is what issue 6 asks for.

export const RESNET50_VD_TRAIN = `{
  "transform_ops": [
    { "DecodeImage": { "to_rgb": true, "channel_first": false } },
    { "RandCropImage": { "size": 224 } },
    { "RandFlipImage": { "flip_code": 1 } },
    { "NormalizeImage": { "scale": "1.0/255.0", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "order": "" } }
  ],
  "batch_transform_ops": [{ "MixupOperator": { "alpha": 0.2 } }]
}`;

export const RESNET50_VD_EVAL = `[
  { "DecodeImage": { "to_rgb": true, "channel_first": false } },
  { "ResizeImage": { "resize_short": 256 } },
  { "CropImage": { "size": 224 } },
  { "NormalizeImage": { "scale": "1.0/255.0", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "order": "" } },
  { "ToCHWImage": null }
]`;

export const RESNET50_VD_TRANSFORM_OPS = `[
  { "DecodeImage": { "to_rgb": true, "channel_first": false } },
  { "RandCropImage": { "size": 224 } },
  { "RandFlipImage": { "flip_code": 1 } },
  { "RandAugment": { "num_layers": 2, "magnitude": 5 } },
  { "NormalizeImage": { "scale": "1.0/255.0", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "order": "" } },
  { "RandomErasing": { "EPSILON": 0.5, "sl": 0.02, "sh": 0.4, "r1": 0.3, "attempt": 10, "use_log_aspect": true, "mode": "pixel" } }
]`;

export const TIMM_TRANSFORM_OPS = `[
  { "DecodeImage": { "to_rgb": true, "channel_first": false } },
  { "RandCropImage": { "size": 224, "interpolation": "bicubic", "backend": "pil" } },
  { "RandFlipImage": { "flip_code": 1 } },
  { "TimmAutoAugment": { "config_str": "rand-m9-mstd0.5-inc1", "interpolation": "bicubic", "img_size": 224 } },
  { "NormalizeImage": { "scale": 0.00392156862745098, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "order": "" } },
  { "RandomErasing": { "EPSILON": 0.25, "sl": 0.02, "sh": "1.0/3.0", "r1": 0.3, "attempt": 10, "use_log_aspect": true, "mode": "pixel" } },
  { "ToCHWImage": null }
]`;

export const DEIT_BATCH_OPS = `[
  { "OpSampler": { "MixupOperator": { "alpha": 0.8, "prob": 0.5 }, "CutmixOperator": { "alpha": 1.0, "prob": 0.5 } } }
]`;
