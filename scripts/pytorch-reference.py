#!/usr/bin/env python3
# PyTorch reference for REFERENCE.md's recipes on a given train/val split (lists of "relpath<TAB>label"): the
# mobilenetv2-12 ONNX graph run by a tiny interpreter with its initializers as nn.Parameters, then the 128 px full
# fine-tune and the 224 px linear probe. Prints one JSON line per epoch / result. Needs Debian's python3-torch,
# python3-torchvision, python3-onnx (run with /usr/bin/python3).
# Usage: npx tsx scripts/write-split.ts ../shared/data/flowers12 /tmp/split   (the split `webclas train` uses)
#        /usr/bin/python3 scripts/pytorch-reference.py --data ../shared/data/flowers12 --split /tmp/split [--seed N]
# --replay DIR trains on the studio's exact batches and fresh head (scripts/dump-train-batches.ts) instead of
# torchvision's augmentation: the studio's training step against PyTorch's on the same inputs.
# --ort-check DIR compares the interpreter's logits with onnxruntime's saved ort-input.f32 / ort-logits.f32.
import argparse
import json
import math
import os
import random
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from PIL import Image
from torch import nn
from torchvision import transforms as T

MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


class OnnxNet(nn.Module):
    """Interprets the folded-BN MobileNetV2 graph; the 1000-class Gemm can be swapped for a fresh Linear."""

    OPS = {'Constant', 'Conv', 'Clip', 'Add', 'GlobalAveragePool', 'Flatten', 'Gemm'}

    def __init__(self, path):
        super().__init__()
        g = onnx.load(path).graph
        self.nodes = list(g.node)
        bad = [f'{n.name or n.output[0]} ({n.op_type})' for n in self.nodes if n.op_type not in self.OPS]
        if bad:
            raise ValueError(f'{path}: unsupported ONNX nodes: {", ".join(bad[:5])}')
        self.key = {t.name: f'p{i}' for i, t in enumerate(g.initializer)}  # ParameterDict keys cannot hold '.'
        self.params = nn.ParameterDict(
            {self.key[t.name]: nn.Parameter(torch.from_numpy(numpy_helper.to_array(t).copy())) for t in g.initializer}
        )
        self.input, self.output = g.input[0].name, g.output[0].name
        self.head = None

    def replace_head(self, classes, seed):
        gemm = [n for n in self.nodes if n.op_type == 'Gemm'][-1]
        w = self.params[self.key[gemm.input[1]]]
        torch.manual_seed(seed)
        self.head = nn.Linear(w.shape[1], classes)  # PyTorch default U(±1/√in) init, as the studio's head
        self.head_node = gemm
        for name in gemm.input[1:]:
            del self.params[self.key[name]]

    def backbone_params(self):
        return list(self.params.values())

    def forward(self, x, features=False):
        env = {self.input: x}
        for n in self.nodes:
            a = {at.name: onnx.helper.get_attribute_value(at) for at in n.attribute}
            get = lambda i: env[n.input[i]] if n.input[i] in env else self.params[self.key[n.input[i]]]  # noqa: E731
            op = n.op_type
            if op == 'Constant':
                y = torch.from_numpy(numpy_helper.to_array(a['value']).copy())
            elif op == 'Conv':
                p = a.get('pads', [0, 0, 0, 0])
                if p[0] != p[2] or p[1] != p[3] or a.get('auto_pad', b'NOTSET') != b'NOTSET':
                    raise ValueError(f'Conv {n.name}: asymmetric/auto padding not supported')
                bias = get(2) if len(n.input) > 2 else None
                y = F.conv2d(get(0), get(1), bias, a.get('strides', [1, 1]), p[:2], a.get('dilations', [1, 1]),
                             a.get('group', 1))
            elif op == 'Clip':
                y = torch.clamp(get(0), float(get(1)), float(get(2)))
            elif op == 'Add':
                y = get(0) + get(1)
            elif op == 'GlobalAveragePool':
                y = get(0).mean((2, 3), keepdim=True)
            elif op == 'Flatten':
                y = torch.flatten(get(0), a.get('axis', 1))
            elif op == 'Gemm':
                if features:
                    return get(0)
                if self.head is not None and n is self.head_node:
                    y = self.head(get(0))
                else:
                    if a.get('transB', 0) != 1 or a.get('transA', 0) or a.get('alpha', 1) != 1 or a.get('beta', 1) != 1:
                        raise ValueError(f'Gemm {n.name}: only transB=1, alpha=beta=1 supported')
                    y = F.linear(get(0), get(1), get(2))
            env[n.output[0]] = y
        return env[self.output]


def ort_check(net, folder):
    x = np.fromfile(os.path.join(folder, 'ort-input.f32'), np.float32).reshape(2, 3, 224, 224)
    ref = np.fromfile(os.path.join(folder, 'ort-logits.f32'), np.float32).reshape(2, 1000)
    with torch.no_grad():
        y = net(torch.from_numpy(x)).numpy()
    err = float(np.abs(y - ref).max())
    print(json.dumps({'check': 'onnxruntime logits', 'max_abs_err': err, 'max_abs_ref': float(np.abs(ref).max()),
                      'argmax_equal': bool((y.argmax(1) == ref.argmax(1)).all())}), flush=True)
    if err > 1e-3 * max(1.0, float(np.abs(ref).max())):
        raise SystemExit(f'PyTorch port disagrees with onnxruntime: max |Δ| {err}')


def read_split(data, path):
    items = []
    for line_no, line in enumerate(open(path), 1):
        rel, label = line.rstrip('\n').split('\t')
        if not rel or not label.isdigit():
            raise ValueError(f'{path}:{line_no}: expected "relpath<TAB>label", got {line!r}')
        items.append((Image.open(os.path.join(data, rel)).convert('RGB'), int(label)))
    return items


def batched(imgs, tf):
    return torch.stack([tf(im) for im in imgs])


def val_scores(net, x, y, bs=64):
    """top-1 and mean cross-entropy (no smoothing): the loss is a far less noisy comparison than top-1 on 144."""
    net.eval()
    with torch.no_grad():
        logits = torch.cat([net(x[i:i + bs]) for i in range(0, len(x), bs)])
    return float((logits.argmax(1) == y).float().mean()), float(F.cross_entropy(logits, y))


def top1(net, x, y, bs=64):
    return val_scores(net, x, y, bs)[0]


class Replay:
    """The studio's own train batches and fresh head (scripts/dump-train-batches.ts) in place of torchvision's."""

    def __init__(self, folder, net, args, train_count):
        meta = json.load(open(os.path.join(folder, 'meta.json')))
        for k in ('size', 'batch', 'epochs'):
            if meta[k] != getattr(args, k):
                raise SystemExit(f'{folder}: dumped with {k} {meta[k]}, this run has --{k} {getattr(args, k)}')
        self.labels = [[int(v) for v in line.split()] for line in open(os.path.join(folder, 'labels.txt'))]
        self.inputs = np.memmap(os.path.join(folder, 'inputs.f32'), np.float32, 'r').reshape(
            -1, args.batch, 3, args.size, args.size)
        if meta['steps'] != args.epochs * math.ceil(train_count / args.batch):
            raise SystemExit(f'{folder}: {meta["steps"]} steps dumped, this split trains '
                             f'{args.epochs * math.ceil(train_count / args.batch)}')
        if len(self.inputs) != len(self.labels) or len(self.labels) != meta['steps']:
            raise SystemExit(f'{folder}: {len(self.inputs)} input batches, {len(self.labels)} label lines, '
                             f'meta says {meta["steps"]} steps')
        head = json.load(open(os.path.join(folder, 'head.json')))
        with torch.no_grad():
            net.head.weight.copy_(torch.tensor(head['weight']).reshape(head['shape']))
            net.head.bias.copy_(torch.tensor(head['bias']))

    def batch(self, step):
        return torch.from_numpy(np.array(self.inputs[step])), torch.tensor(self.labels[step])


def fine_tune(args, train, val, classes):
    norm = T.Normalize(MEAN, STD)
    tf_train = T.Compose([T.RandomResizedCrop(args.size), T.RandomHorizontalFlip(), T.ToTensor(), norm])
    tf_eval = T.Compose([T.Resize(round(args.size * 256 / 224)), T.CenterCrop(args.size), T.ToTensor(), norm])
    xv, yv = batched([im for im, _ in val], tf_eval), torch.tensor([lab for _, lab in val])
    net = OnnxNet(args.model)
    net.replace_head(classes, args.seed)
    replay = Replay(args.replay, net, args, len(train)) if args.replay else None
    opt = torch.optim.SGD([{'params': net.backbone_params(), 'lr': args.lr * args.backbone_lr_mult},
                           {'params': net.head.parameters(), 'lr': args.lr}],
                          lr=args.lr, momentum=0.9, weight_decay=1e-5)
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total = args.epochs * steps_per_epoch
    base = [g['lr'] for g in opt.param_groups]
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    step = 0
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        net.train()
        order = torch.randperm(len(train)).tolist()
        losses = []
        for b in range(0, len(order), args.batch):
            if replay:
                x, y = replay.batch(step)
            else:
                idx = order[b:b + args.batch]
                x = batched([train[i][0] for i in idx], tf_train)
                y = torch.tensor([train[i][1] for i in idx])
            for g, lr0 in zip(opt.param_groups, base):
                g['lr'] = lr0 * (1 + math.cos(math.pi * step / total)) / 2  # per-step cosine to 0, as the studio
            loss = loss_fn(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            step += 1
        acc, val_loss = val_scores(net, xv, yv)
        print(json.dumps({'run': f'fine-tune {args.size}' + (' replay' if replay else ''), 'epoch': epoch,
                          'train_loss': round(float(np.mean(losses)), 4), 'val_top1': round(acc, 4),
                          'val_loss': round(val_loss, 4),
                          'epoch_s': round(time.time() - t0, 1)}), flush=True)


def linear_probe(args, train, val, classes):
    tf = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize(MEAN, STD)])
    net = OnnxNet(args.model).eval()
    t0 = time.time()
    with torch.no_grad():
        feats = [torch.cat([net(batched([im for im, _ in s[i:i + 32]], tf), features=True)
                            for i in range(0, len(s), 32)]) for s in (train, val)]
    ys = [torch.tensor([lab for _, lab in s]) for s in (train, val)]
    for name, Opt in (('AdamW', torch.optim.AdamW), ('Adam', torch.optim.Adam)):
        torch.manual_seed(args.seed)
        head = nn.Linear(feats[0].shape[1], classes)
        opt = Opt(head.parameters(), lr=1e-3, weight_decay=1e-4)
        for _ in range(500):
            loss = F.cross_entropy(head(feats[0]), ys[0])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            acc = float((head(feats[1]).argmax(1) == ys[1]).float().mean())
        print(json.dumps({'run': f'linear probe 224 {name}', 'train_loss': round(loss.item(), 4),
                          'val_top1': round(acc, 4), 'total_s': round(time.time() - t0, 1)}), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='../shared/data/flowers12')
    ap.add_argument('--model', default='../shared/models/mobilenetv2-12-float.onnx')
    ap.add_argument('--split', default='/tmp/split', help='folder with train.txt, val.txt, classes.txt')
    ap.add_argument('--ort-check', help='folder with ort-input.f32 / ort-logits.f32 from onnxruntime')
    ap.add_argument('--size', type=int, default=128)
    ap.add_argument('--epochs', type=int, default=4)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=0.01)
    ap.add_argument('--backbone-lr-mult', type=float, default=0.1)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--replay', help='folder from scripts/dump-train-batches.ts: train on the studio\'s batches')
    ap.add_argument('--skip', choices=['probe', 'finetune'], action='append', default=[])
    args = ap.parse_args()
    torch.set_num_threads(2)
    random.seed(args.seed)
    torch.manual_seed(args.seed)  # RandomResizedCrop/flip draw from torch's global generator
    if args.ort_check:
        ort_check(OnnxNet(args.model).eval(), args.ort_check)
    classes = len(open(os.path.join(args.split, 'classes.txt')).read().split())
    train = read_split(args.data, os.path.join(args.split, 'train.txt'))
    val = read_split(args.data, os.path.join(args.split, 'val.txt'))
    print(json.dumps({'train': len(train), 'val': len(val), 'classes': classes, 'torch': torch.__version__}),
          flush=True)
    t0 = time.time()
    if 'probe' not in args.skip:
        linear_probe(args, train, val, classes)
    if 'finetune' not in args.skip:
        torch.manual_seed(args.seed)
        fine_tune(args, train, val, classes)
    print(json.dumps({'wall_s': round(time.time() - t0, 1)}), flush=True)


if __name__ == '__main__':
    main()
