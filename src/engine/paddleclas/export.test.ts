// "Export for PaddleClas" on the real flowers12-paddleclas data and on hostile file and class names: unzip the
// export, read its lists and label map with PaddleClas's own rules (testing/paddleclas-reader.ts) and check that
// every line names an exported file with the right bytes and label, and that every path the YAML names exists.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { preset } from '../nn/recipes/presets.ts';
import { paddleClasExport } from './export.ts';
import { readClassIdMap, readImageList } from './testing/paddleclas-reader.ts';

const shared = resolve(process.cwd(), process.env.WEBCLAS_SHARED ?? '../shared');
const dir = resolve(shared, 'data/flowers12-paddleclas');

function source() {
  if (!existsSync(dir)) throw new Error(`missing ${dir}: set WEBCLAS_SHARED to the shared/ folder`);
  const lines = (f: string) =>
    readFileSync(resolve(dir, f), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const classes = lines('flowers12_label_list.txt').map((l) => l.replace(/^\d+\s+/, ''));
  const images = (['train', 'val'] as const).flatMap((split) =>
    lines(`${split}_list.txt`).map((l) => {
      const [path, label] = l.split(/\s+/);
      const bytes = readFileSync(resolve(dir, path!));
      return { path: path!, label: Number(label), split, blob: new Blob([bytes]), bytes };
    }),
  );
  return { classes, images };
}

const text = (b: Uint8Array | undefined) => {
  if (!b) throw new Error('missing zip entry');
  return new TextDecoder().decode(b);
};

describe('paddleClasExport', () => {
  it('writes lists, label map, YAML and README that agree with each other and the dataset', async () => {
    const { classes, images } = source();
    expect(classes).toHaveLength(12);
    const recipe = preset('finetune-randaug').recipe;
    const zip = unzipSync(
      await paddleClasExport({
        datasetName: 'flowers12 (mine)',
        classes,
        images,
        recipe,
        arch: 'MobileNetV2',
        runName: 'ft run/1',
      }),
    );
    const root = 'flowers12_mine/';
    const names = Object.keys(zip);
    expect(names.every((n) => n.startsWith(root))).toBe(true);
    const y = parse(text(zip[`${root}ft_run_1.yaml`]));
    // Every path the YAML names is in the zip once it is unzipped into PaddleClas/dataset/.
    const inZip = (p: string) => p.replace(/^(\.\/)?dataset\//, '');
    const imageRoot: string = y.DataLoader.Train.dataset.image_root;
    expect(imageRoot).toBe(`./dataset/${root}`);
    expect(y.DataLoader.Eval.dataset.image_root).toBe(imageRoot);
    const lists = {
      train: text(zip[inZip(y.DataLoader.Train.dataset.cls_label_path)]),
      val: text(zip[inZip(y.DataLoader.Eval.dataset.cls_label_path)]),
    };
    const labelMap = text(zip[inZip(y.Infer.PostProcess.class_id_map_file)]);
    expect(labelMap).toBe(classes.map((c, i) => `${i} ${c}\n`).join(''));
    expect([...readClassIdMap(labelMap)]).toEqual(classes.map((c, i) => [i, c]));
    expect(y.Arch.class_num).toBe(classes.length);
    expect(y.Global.epochs).toBe(recipe.epochs);
    expect(y.DataLoader.Train.dataset.transform_ops).toEqual(recipe.transformOps);
    for (const split of ['train', 'val'] as const) {
      const want = images.filter((im) => im.split === split);
      const got = readImageList(lists[split], imageRoot);
      expect(got).toHaveLength(want.length);
      got.forEach(({ path, label }, k) => {
        expect(label).toBe(want[k]!.label);
        const entry = zip[inZip(path)];
        expect(entry, path).toBeDefined();
        expect(Buffer.from(entry!).equals(want[k]!.bytes)).toBe(true);
      });
    }
    expect(names.filter((n) => n.endsWith('.jpg'))).toHaveLength(images.length);
    const readme = text(zip[`${root}README.txt`]);
    expect(readme).toContain(
      `python -m paddle.distributed.launch --gpus="0,1,2,3" tools/train.py -c ./dataset/${root}ft_run_1.yaml`,
    );
    expect(readme).toContain(`12 classes, ${lists.train.trimEnd().split('\n').length} train`);
  });

  it('hostile file and class names: every list line PaddleClas reads names its own image with its label', async () => {
    const paths = [
      'jpg/sweet pea/x.jpg',
      'sweet pea/x.jpg',
      'jpg/sweet_pea/x.jpg',
      'jpg/Sweet Pea/X.JPG',
      'tab\there/a.jpg',
      'line\nbreak/b.jpg',
      'cr\rname.jpg',
      'Löwenzahn/blüte.jpg',
      'Lowenzahn/blute.jpg',
      '日本/花.jpg',
      '中国/花.jpg',
      '-rf/--help.jpg',
      '../../etc/passwd.jpg',
      '/abs/path.jpg',
      'a/./b/../c.jpg',
      'CON.jpg',
      ' lead and trail .jpg',
      '.hidden.jpg',
      'noext',
      'jpg',
      'a b.jpg 3',
    ];
    const classes = ['sweet pea', 'Löwenzahn', 'tab\tclass', '-dash', '=formula', ' spaced '];
    const images = paths.map((path, i) => ({
      path,
      label: i % classes.length,
      split: i % 2 ? 'val' : 'train',
      blob: new Blob([new Uint8Array([0xff, 0xd8, i])]),
    }));
    const zip = unzipSync(
      await paddleClasExport({
        datasetName: '../my flowers\n',
        classes,
        images,
        recipe: preset('finetune').recipe,
        arch: 'MobileNetV2',
        runName: 'run\nArch: {name: Evil}',
      }),
    );
    const root = 'my_flowers/';
    expect(Object.keys(zip).every((n) => n.startsWith(root))).toBe(true);
    const y = parse(text(zip[`${root}run_Arch_name_Evil.yaml`]));
    expect(y.Arch.name).toBe('MobileNetV2');
    const imageRoot: string = y.DataLoader.Train.dataset.image_root;
    expect(y.DataLoader.Train.dataset).not.toHaveProperty('delimiter');
    const seen = new Set<string>();
    for (const [split, list] of [
      ['train', y.DataLoader.Train.dataset.cls_label_path],
      ['val', y.DataLoader.Eval.dataset.cls_label_path],
    ] as const) {
      const entries = readImageList(text(zip[list.replace(/^\.\/dataset\//, '')]), imageRoot);
      const want = images.flatMap((im, i) => (im.split === split ? [i] : []));
      expect(entries).toHaveLength(want.length);
      entries.forEach(({ path, label }, k) => {
        const i = want[k]!;
        expect(path).toMatch(/^dataset\/my_flowers\/jpg(\/[A-Za-z0-9][A-Za-z0-9._-]*)+$/);
        expect(label).toBe(images[i]!.label);
        const entry = zip[path.replace(/^dataset\//, '')];
        expect(entry, `${paths[i]} → ${path}`).toBeDefined();
        expect([...entry!]).toEqual([0xff, 0xd8, i]);
        expect(seen.has(path.toLowerCase())).toBe(false);
        seen.add(path.toLowerCase());
      });
    }
    expect(seen.size).toBe(paths.length);
    // Class names stay as they are: Topk takes everything after the first space.
    const ids = readClassIdMap(
      text(zip[y.Infer.PostProcess.class_id_map_file.replace(/^\.\/dataset\//, '')]),
    );
    expect([...ids]).toEqual(classes.map((c, i) => [i, c]));
  });

  it('names what is wrong', async () => {
    const blob = new Blob([new Uint8Array([1])]);
    const base = {
      datasetName: 'd',
      classes: ['a', 'b'],
      recipe: preset('finetune').recipe,
      arch: 'MobileNetV2',
      runName: 'r',
    };
    await expect(
      paddleClasExport({ ...base, images: [{ path: 'x.jpg', label: 0, split: 'train', blob }] }),
    ).rejects.toThrow(/no images in split 'val'/);
    await expect(
      paddleClasExport({
        ...base,
        images: [
          { path: 'x.jpg', label: 0, split: 'train', blob },
          { path: 'y.jpg', label: 5, split: 'val', blob },
        ],
      }),
    ).rejects.toThrow(/y\.jpg has label 5, outside 0\.\.1/);
    await expect(paddleClasExport({ ...base, datasetName: '///', images: [] })).rejects.toThrow(
      /dataset name '\/\/\/' has no usable characters/,
    );
  });
});
