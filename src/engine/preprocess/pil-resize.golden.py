# Regenerates pil-resize.golden.json: random RGB images resized by Pillow (the convention resize.ref.ts follows).
# Run: python3 -m pip install pillow numpy && python3 src/engine/preprocess/pil-resize.golden.py
import json
import os

import numpy as np
from PIL import Image

rng = np.random.default_rng(20261128)
cases = []
for (w, h), (ow, oh) in [((13, 9), (5, 4)), ((6, 5), (11, 9)), ((20, 7), (9, 12)), ((31, 24), (21, 16)), ((8, 8), (8, 8))]:
    px = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    im = Image.frombytes('RGB', (w, h), px.tobytes())
    for name, flt in [('bilinear', Image.Resampling.BILINEAR), ('bicubic', Image.Resampling.BICUBIC)]:
        out = np.asarray(im.resize((ow, oh), flt), dtype=np.uint8)
        cases.append({'width': w, 'height': h, 'outWidth': ow, 'outHeight': oh, 'filter': name,
                      'input': px.reshape(-1).tolist(), 'pil': out.reshape(-1).tolist()})
out = {'pillow': Image.__version__, 'cases': cases}
with open(os.path.join(os.path.dirname(__file__), 'pil-resize.golden.json'), 'w') as f:
    json.dump(out, f, separators=(',', ':'))
