# Regenerates pil.golden.json: Pillow's own output for the ops our references claim to follow, on a small
# deterministic image that testImage() in pil-goldens.test.ts rebuilds. Dev tool only (Debian: python3-pil);
# the tests read the committed JSON. Run: python3 src/engine/augment/testing/goldens/make-pil-goldens.py
import json, os, PIL
from PIL import Image, ImageEnhance, ImageOps

W, H = 16, 12

def level(x, y, c):
    return (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 13 + (x * x) % 7 * 29) % 256

img = Image.new('RGB', (W, H))
img.putdata([tuple(level(x, y, c) for c in range(3)) for y in range(H) for x in range(W)])
FILL = (128, 100, 60)
R = {'nearest': Image.NEAREST, 'bilinear': Image.BILINEAR, 'bicubic': Image.BICUBIC}

def flat(im):
    return [v for px in im.getdata() for v in px]

out = {'pillow': PIL.__version__, 'width': W, 'height': H, 'fill': FILL, 'ops': {}}
ops = out['ops']
ops['equalize'] = flat(ImageOps.equalize(img))
ops['autocontrast'] = flat(ImageOps.autocontrast(img))
ops['posterize2'] = flat(ImageOps.posterize(img, 2))
ops['solarize100'] = flat(ImageOps.solarize(img, 100))
ops['invert'] = flat(ImageOps.invert(img))
for name, r in R.items():
    ops[f'shearx0.3_{name}'] = flat(img.transform(img.size, Image.AFFINE, (1, 0.3, 0, 0, 1, 0), r, fillcolor=FILL))
    ops[f'sheary-0.25_{name}'] = flat(img.transform(img.size, Image.AFFINE, (1, 0, 0, -0.25, 1, 0), r, fillcolor=FILL))
    ops[f'translatex2.6_{name}'] = flat(img.transform(img.size, Image.AFFINE, (1, 0, 2.6, 0, 1, 0), r, fillcolor=FILL))
    ops[f'rotate30_{name}'] = flat(img.rotate(30, r, fillcolor=FILL))
    ops[f'rotate-13.5_{name}'] = flat(img.rotate(-13.5, r, fillcolor=FILL))
for f in (0.3, 1.6):
    ops[f'color{f}'] = flat(ImageEnhance.Color(img).enhance(f))
    ops[f'contrast{f}'] = flat(ImageEnhance.Contrast(img).enhance(f))
    ops[f'brightness{f}'] = flat(ImageEnhance.Brightness(img).enhance(f))
for f in (0.2, 1.9):
    ops[f'sharpness{f}'] = flat(ImageEnhance.Sharpness(img).enhance(f))
for name in ('bilinear', 'bicubic'):
    ops[f'resize7x5_{name}'] = flat(img.resize((7, 5), R[name]))
    ops[f'resize24x19_{name}'] = flat(img.resize((24, 19), R[name]))
ops['gray'] = flat(img.convert('L').convert('RGB'))
# paddle.vision adjust_hue(img, 0.1): H band (uint8) += uint8(0.1 * 255) with wrap-around
h, s, v = img.convert('HSV').split()
ops['hue0.1'] = flat(Image.merge('HSV', (h.point(lambda i: (i + int(0.1 * 255)) % 256), s, v)).convert('RGB'))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pil.golden.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
print('wrote', path, len(ops), 'ops')
