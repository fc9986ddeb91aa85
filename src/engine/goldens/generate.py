#!/usr/bin/python3
# PyTorch goldens for the training engine: writes small *.golden.json files next to this script that the engine's
# float64 references and GPU kernels are tested against (webgpu-torch's "testgen" idea).
#
# Run from the repo root with Debian's torch 1.13 (not the pyenv python on PATH):
#   apt-get install -y --no-install-recommends python3-torch python3-torchvision python3-onnx libopenblas0-pthread
#   /usr/bin/python3 src/engine/goldens/generate.py            # reads ../shared (or $WEBCLAS_SHARED)
# The output is deterministic (fixed seeds, float64 maths on float32-representable inputs); commit the JSON files.
import json
import os
import sys
from pathlib import Path

import onnx
import torch
import torch.nn.functional as F
import torchvision
from onnx import numpy_helper

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("WEBCLAS_SHARED", "../shared")).resolve()
torch.set_num_threads(1)  # deterministic reduction order, and the machine is shared


def f32_values(t):
    """An input tensor's values: float32-exact numbers (9 significant digits round-trip a float32)."""
    return [float(f"{v:.9g}") for v in t.detach().to(torch.float32).flatten().tolist()]


def f64_values(t):
    """A result's values: 12 significant digits, plenty for 1e-6 relative checks and half the bytes of 17."""
    return [float(f"{v:.12g}") for v in t.detach().to(torch.float64).flatten().tolist()]


def tensor(t, exact_f32=False):
    return {"shape": list(t.shape), "data": f32_values(t) if exact_f32 else f64_values(t)}


def rand_input(gen, *shape, lo=-1.0, hi=1.0):
    """Random float32 values, promoted to float64 so torch's maths is float64 on exactly the values stored."""
    x = torch.rand(*shape, generator=gen, dtype=torch.float32) * (hi - lo) + lo
    return x.to(torch.float64)


def write(name, payload):
    payload = {"generator": "src/engine/goldens/generate.py", "torch": torch.__version__, **payload}
    path = HERE / name
    path.write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    size = path.stat().st_size
    if size > 300_000:
        sys.exit(f"{name}: {size} bytes is over the 300 KB budget for a committed golden")
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path} ({size} bytes)")


# --- Conv2d forward + backward ------------------------------------------------------------------------------------
# attrs are ONNX-style (pads [top, left, bottom, right]); asymmetric pads are applied with F.pad before the conv.
CONV_CASES = [
    dict(name="strided 3x3 pad 1, bias", x=[2, 3, 7, 7], w=[4, 3, 3, 3], bias=True,
         attrs=dict(strides=[2, 2], pads=[1, 1, 1, 1], dilations=[1, 1], group=1)),
    dict(name="dilated 3x2, asymmetric pads, stride (1,2)", x=[1, 4, 9, 8], w=[5, 4, 3, 2], bias=False,
         attrs=dict(strides=[1, 2], pads=[2, 0, 1, 1], dilations=[2, 1], group=1)),
    dict(name="grouped (2 groups), stride 2, bias", x=[2, 6, 6, 6], w=[4, 3, 3, 3], bias=True,
         attrs=dict(strides=[2, 2], pads=[1, 1, 1, 1], dilations=[1, 1], group=2)),
    dict(name="depthwise 3x3 stride 2, bias", x=[2, 5, 7, 7], w=[5, 1, 3, 3], bias=True,
         attrs=dict(strides=[2, 2], pads=[1, 1, 1, 1], dilations=[1, 1], group=5)),
    dict(name="depthwise multiplier 2, dilated", x=[1, 3, 6, 6], w=[6, 1, 3, 3], bias=False,
         attrs=dict(strides=[1, 1], pads=[2, 2, 2, 2], dilations=[2, 2], group=3)),
    dict(name="pointwise 1x1, bias", x=[2, 8, 5, 5], w=[6, 8, 1, 1], bias=True,
         attrs=dict(strides=[1, 1], pads=[0, 0, 0, 0], dilations=[1, 1], group=1)),
    dict(name="pointwise 1x1 stride 2 (downsample)", x=[2, 4, 6, 6], w=[8, 4, 1, 1], bias=False,
         attrs=dict(strides=[2, 2], pads=[0, 0, 0, 0], dilations=[1, 1], group=1)),
    dict(name="7x7 stride 2 pad 3 (stem)", x=[1, 3, 11, 11], w=[4, 3, 7, 7], bias=False,
         attrs=dict(strides=[2, 2], pads=[3, 3, 3, 3], dilations=[1, 1], group=1)),
]


def conv_goldens():
    gen = torch.Generator().manual_seed(1001)
    cases = []
    for c in CONV_CASES:
        a = c["attrs"]
        x = rand_input(gen, *c["x"]).requires_grad_()
        w = rand_input(gen, *c["w"]).requires_grad_()
        b = rand_input(gen, c["w"][0]).requires_grad_() if c["bias"] else None
        top, left, bottom, right = a["pads"]
        y = F.conv2d(F.pad(x, (left, right, top, bottom)), w, b,
                     stride=a["strides"], dilation=a["dilations"], groups=a["group"])
        dy = rand_input(gen, *y.shape)
        y.backward(dy)
        cases.append({
            "name": c["name"], "attrs": a,
            "x": tensor(x, True), "w": tensor(w, True), "b": tensor(b, True) if b is not None else None,
            "dy": tensor(dy, True),
            "y": tensor(y), "dx": tensor(x.grad), "dw": tensor(w.grad),
            "db": tensor(b.grad) if b is not None else None,
        })
    write("conv2d.golden.json", {"op": "Conv (torch.nn.functional.conv2d)", "cases": cases})


# --- BatchNorm training step --------------------------------------------------------------------------------------
# PyTorch momentum m_t: running = (1 − m_t)·running + m_t·batch, running_var from the unbiased batch variance.
# The engine speaks ONNX momentum: onnxMomentum = 1 − m_t.
BN_CASES = [
    dict(name="NCHW, default momentum 0.1", x=[4, 3, 5, 5], momentum=0.1, eps=1e-5),
    dict(name="NCHW 2x2 spatial, momentum 0.3, eps 1e-3", x=[2, 5, 2, 2], momentum=0.3, eps=1e-3),
    dict(name="[N,C] (BatchNorm1d), momentum 0.1", x=[6, 4], momentum=0.1, eps=1e-5),
]


def bn_goldens():
    gen = torch.Generator().manual_seed(2002)
    cases = []
    for c in BN_CASES:
        ch = c["x"][1]
        x = (rand_input(gen, *c["x"], lo=-2, hi=3)).requires_grad_()
        gamma = rand_input(gen, ch, lo=0.5, hi=1.5).requires_grad_()
        beta = rand_input(gen, ch).requires_grad_()
        rm0 = rand_input(gen, ch)
        rv0 = rand_input(gen, ch, lo=0.5, hi=2)
        rm, rv = rm0.clone(), rv0.clone()
        y = F.batch_norm(x, rm, rv, gamma, beta, training=True, momentum=c["momentum"], eps=c["eps"])
        dy = rand_input(gen, *y.shape)
        y.backward(dy)
        cases.append({
            "name": c["name"], "torchMomentum": c["momentum"], "onnxMomentum": 1 - c["momentum"],
            "epsilon": c["eps"],
            "x": tensor(x, True), "scale": tensor(gamma, True), "bias": tensor(beta, True),
            "runningMean": tensor(rm0, True), "runningVar": tensor(rv0, True), "dy": tensor(dy, True),
            "y": tensor(y), "dx": tensor(x.grad), "dScale": tensor(gamma.grad), "dBias": tensor(beta.grad),
            "runningMeanAfter": tensor(rm), "runningVarAfter": tensor(rv),
        })
    write("batchnorm.golden.json", {"op": "BatchNormalization train (torch.nn.functional.batch_norm)",
                                    "cases": cases})


# --- Cross-entropy with label smoothing ----------------------------------------------------------------------------
CE_CASES = [
    dict(name="5x7, smoothing 0.1", n=5, k=7, smoothing=0.1, scale=3.0),
    dict(name="4x10, no smoothing", n=4, k=10, smoothing=0.0, scale=2.0),
    dict(name="3x100, smoothing 0.2, large logits", n=3, k=100, smoothing=0.2, scale=20.0),
    dict(name="6x2, smoothing 1 (uniform target)", n=6, k=2, smoothing=1.0, scale=1.0),
]


def ce_goldens():
    gen = torch.Generator().manual_seed(3003)
    cases = []
    for c in CE_CASES:
        logits = rand_input(gen, c["n"], c["k"], lo=-c["scale"], hi=c["scale"]).requires_grad_()
        labels = torch.randint(0, c["k"], (c["n"],), generator=gen)
        loss = F.cross_entropy(logits, labels, label_smoothing=c["smoothing"])
        loss.backward()
        cases.append({
            "name": c["name"], "labelSmoothing": c["smoothing"], "logits": tensor(logits, True),
            "labels": labels.tolist(), "loss": float(f"{loss.item():.15g}"), "dLogits": tensor(logits.grad),
        })
    write("cross-entropy.golden.json", {"op": "torch.nn.functional.cross_entropy (mean, label_smoothing)",
                                        "cases": cases})


# --- SGD: 3 steps ---------------------------------------------------------------------------------------------------
# Two param groups: the second has lrMult 0.1 (torch: its own lr, set to 0.1× the scheduled lr every step).
SGD_CASES = [
    dict(name="momentum 0.9, weight decay 1e-4", momentum=0.9, nesterov=False, wd=1e-4),
    dict(name="Nesterov momentum 0.9, weight decay 5e-4", momentum=0.9, nesterov=True, wd=5e-4),
    dict(name="plain SGD, weight decay 0.01", momentum=0.0, nesterov=False, wd=0.01),
]
SGD_LRS = [0.1, 0.05, 0.02]
SGD_SHAPES = [[[3, 4], [5]], [[2, 3]]]  # per group: param shapes


def sgd_goldens():
    gen = torch.Generator().manual_seed(4004)
    cases = []
    for c in SGD_CASES:
        groups = [[rand_input(gen, *s).requires_grad_() for s in shapes] for shapes in SGD_SHAPES]
        mults = [1.0, 0.1]
        initial = [[tensor(p, True) for p in g] for g in groups]
        opt = torch.optim.SGD([{"params": g} for g in groups], lr=SGD_LRS[0], momentum=c["momentum"],
                              nesterov=c["nesterov"], weight_decay=c["wd"])
        steps = []
        for lr in SGD_LRS:
            for group, mult in zip(opt.param_groups, mults):
                group["lr"] = lr * mult
            grads = []
            for g in groups:
                grads.append([])
                for p in g:
                    p.grad = rand_input(gen, *p.shape)
                    grads[-1].append(tensor(p.grad, True))
            opt.step()
            steps.append({"lr": lr, "grads": grads, "params": [[tensor(p) for p in g] for g in groups]})
        cases.append({
            "name": c["name"], "momentum": c["momentum"], "nesterov": c["nesterov"], "weightDecay": c["wd"],
            "lrMults": mults, "initial": initial, "steps": steps,
        })
    write("sgd.golden.json", {"op": "torch.optim.SGD (dampening 0), 3 steps", "cases": cases})


# --- One full SGD step of resnet18-bn-random.onnx -------------------------------------------------------------------
LCG_SEED = 20240917
BATCH, SIZE = 2, 48  # 48 px keeps 2×2 at layer4 so its BatchNorms see 8 values per channel, not a degenerate 2
LABELS = [3, 917]
LR, MOMENTUM, WD, SMOOTHING = 0.1, 0.9, 1e-4, 0.1
SAMPLES = 16


def lcg_input(n, seed):
    """u ← 1664525·u + 1013904223 (mod 2³²); x = (u >> 8)/2²⁴·4 − 2: float32-exact, reproduced by lcg-input.ts."""
    out = []
    u = seed
    for _ in range(n):
        u = (1664525 * u + 1013904223) & 0xFFFFFFFF
        out.append((u >> 8) / 16777216.0 * 4.0 - 2.0)
    return out


def onnx_state(path):
    """ONNX initializer arrays by torch state_dict name: torch.onnx merges equal initializers and re-creates the
    duplicates as Identity nodes whose outputs carry the original names, so follow those."""
    model = onnx.load(str(path))
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Identity" and node.input[0] in inits:
            inits[node.output[0]] = inits[node.input[0]]
    bn = [n for n in model.graph.node if n.op_type == "BatchNormalization"]
    for n in bn:
        a = {x.name: onnx.helper.get_attribute_value(x) for x in n.attribute}
        if abs(a.get("epsilon", 1e-5) - 1e-5) > 1e-12 or abs(a.get("momentum", 0.9) - 0.9) > 1e-6:
            sys.exit(f"{path.name}: BatchNormalization '{n.name}' has attrs {a}, expected eps 1e-5, momentum 0.9")
    return model, inits


def summary(values):
    flat = values.detach().to(torch.float64).flatten()
    n = flat.numel()
    idx = sorted({(j * (n - 1)) // (SAMPLES - 1) for j in range(SAMPLES)}) if n > 1 else [0]
    return {"n": n, "sum": flat.sum().item(), "sumAbs": flat.abs().sum().item(), "sumSq": (flat * flat).sum().item(),
            "indices": idx, "samples": [flat[i].item() for i in idx]}


def resnet_golden():
    path = SHARED / "models/arch/resnet18-bn-random.onnx"
    if not path.exists():
        sys.exit(f"missing {path}: set WEBCLAS_SHARED to the shared/ folder (default ../shared)")
    model_proto, inits = onnx_state(path)
    net = torchvision.models.resnet18(num_classes=1000)
    state = net.state_dict()
    used = set()
    for name, t in state.items():
        if name.endswith("num_batches_tracked"):
            continue
        if name not in inits:
            sys.exit(f"{path.name}: torch parameter '{name}' has no initializer (or Identity copy) in the ONNX file")
        arr = torch.from_numpy(inits[name].copy())
        if list(arr.shape) != list(t.shape):
            sys.exit(f"{path.name}: '{name}' is {list(arr.shape)} in ONNX, {list(t.shape)} in torchvision")
        state[name] = arr
        used.add(name)
    unused = set(i.name for i in model_proto.graph.initializer) - used
    if unused:
        sys.exit(f"{path.name}: initializers not mapped to torchvision resnet18: {sorted(unused)}")
    net.load_state_dict(state)
    net = net.double()

    x = torch.tensor(lcg_input(BATCH * 3 * SIZE * SIZE, LCG_SEED), dtype=torch.float64).reshape(BATCH, 3, SIZE, SIZE)
    labels = torch.tensor(LABELS)

    # Eval-mode logits with the file's weights: the test checks them against onnxruntime on the ONNX file, which
    # proves this torch model is the ONNX graph (onnxruntime's python package is not in Debian).
    net.eval()
    with torch.no_grad():
        eval_logits = net(x)
    net.train()
    before = {k: v.clone() for k, v in net.state_dict().items()}
    opt = torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WD)
    opt.zero_grad()
    logits = net(x)
    loss = F.cross_entropy(logits, labels, label_smoothing=SMOOTHING)
    loss.backward()
    opt.step()

    params, stats = {}, {}
    for name, p in net.named_parameters():
        params[name] = {"shape": list(p.shape), "after": summary(p), "update": summary(p - before[name])}
    for name, b in net.named_buffers():
        if name.endswith("num_batches_tracked"):
            continue
        stats[name] = {"shape": list(b.shape), "after": summary(b)}
    write("resnet18-sgd-step.golden.json", {
        "model": "models/arch/resnet18-bn-random.onnx",
        "input": {"shape": [BATCH, 3, SIZE, SIZE], "lcgSeed": LCG_SEED,
                  "formula": "u = (1664525*u + 1013904223) mod 2^32; x = (u >> 8) / 2^24 * 4 - 2",
                  "sum": x.sum().item(), "first": x.flatten()[:8].tolist()},
        "labels": LABELS,
        "recipe": {"mode": "train (batch-statistics BatchNorm, running stats updated, torch momentum 0.1)",
                   "loss": "cross-entropy, mean", "labelSmoothing": SMOOTHING,
                   "optimizer": "torch.optim.SGD", "lr": LR, "momentum": MOMENTUM, "weightDecay": WD,
                   "dtype": "float64"},
        "evalLogits": tensor(eval_logits),
        "trainLogits": summary(logits),
        "loss": loss.item(),
        "params": params,
        "runningStats": stats,
    })


# --- Two fine-tune SGD steps of mobilenetv2-12-float.onnx with a fresh head --------------------------------------
# The studio's full fine-tune recipe (REFERENCE.md; lr × 10, see MB_LR) on one batch: a new 12-class head, backbone lr × 0.1, momentum
# (the second step uses the buffer), wd, label smoothing; the folded-BN graph is run by pytorch-reference.py's
# interpreter, so Clip (ReLU6), depthwise convs and the residual Adds are exactly the file's.
MB_SIZE, MB_CLASSES, MB_LABELS, MB_STEPS = 48, 12, [3, 9], 2
# lr 0.1 (the recipe's 0.01 × 10): a float32 engine measures an update as after − before, and at lr 0.001 the
# backbone's updates are ~1e-4 of a weight, where float32 rounding alone is ~1e-3 of the update.
MB_LR, MB_MOMENTUM, MB_WD, MB_SMOOTHING, MB_BACKBONE_MULT = 0.1, 0.9, 1e-5, 0.1, 0.1
MB_SEEDS = {"input": 20261128, "headWeight": 7, "headBias": 8}


def onnx_net_class():
    import importlib.util
    spec = importlib.util.spec_from_file_location("pytorch_reference", HERE.parents[2] / "scripts/pytorch-reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.OnnxNet


def mobilenet_golden():
    rel = "models/mobilenetv2-12-float.onnx"
    path = SHARED / rel
    if not path.exists():
        sys.exit(f"missing {path}: set WEBCLAS_SHARED to the shared/ folder (default ../shared)")
    net = onnx_net_class()(str(path)).double()
    x = torch.tensor(lcg_input(2 * 3 * MB_SIZE * MB_SIZE, MB_SEEDS["input"]), dtype=torch.float64)
    x = x.reshape(2, 3, MB_SIZE, MB_SIZE)
    with torch.no_grad():
        eval_logits = net(x)
    gemm = [n for n in net.nodes if n.op_type == "Gemm"][-1]
    w_name, b_name = gemm.input[1], gemm.input[2]
    features = net.params[net.key[w_name]].shape[1]
    # Head init: LCG values in [-2, 2) scaled to U(±1/√in), float32-exact (the engine starts from the same floats).
    scale = 0.5 / (features ** 0.5)
    head_w = [float(torch.tensor(v * scale, dtype=torch.float32)) for v in lcg_input(MB_CLASSES * features, MB_SEEDS["headWeight"])]
    head_b = [float(torch.tensor(v * scale, dtype=torch.float32)) for v in lcg_input(MB_CLASSES, MB_SEEDS["headBias"])]
    net.replace_head(MB_CLASSES, 0)
    net.head = net.head.double()
    with torch.no_grad():
        net.head.weight.copy_(torch.tensor(head_w, dtype=torch.float64).reshape(MB_CLASSES, features))
        net.head.bias.copy_(torch.tensor(head_b, dtype=torch.float64))
    named = {name: net.params[key] for name, key in net.key.items() if key in net.params}
    named[w_name], named[b_name] = net.head.weight, net.head.bias
    before = {k: v.detach().clone() for k, v in named.items()}
    opt = torch.optim.SGD([{"params": net.backbone_params(), "lr": MB_LR * MB_BACKBONE_MULT},
                           {"params": net.head.parameters(), "lr": MB_LR}],
                          lr=MB_LR, momentum=MB_MOMENTUM, weight_decay=MB_WD)
    labels = torch.tensor(MB_LABELS)
    losses = []
    for _ in range(MB_STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(net(x), labels, label_smoothing=MB_SMOOTHING)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    params = {name: {"shape": list(p.shape), "after": summary(p), "update": summary(p - before[name])}
              for name, p in named.items()}
    write("mobilenetv2-finetune-steps.golden.json", {
        "model": rel,
        "input": {"shape": [2, 3, MB_SIZE, MB_SIZE], "lcgSeed": MB_SEEDS["input"],
                  "formula": "u = (1664525*u + 1013904223) mod 2^32; x = (u >> 8) / 2^24 * 4 - 2",
                  "sum": x.sum().item(), "first": x.flatten()[:8].tolist()},
        "labels": MB_LABELS,
        "head": {"classes": MB_CLASSES, "weight": w_name, "bias": b_name, "weightLcgSeed": MB_SEEDS["headWeight"],
                 "biasLcgSeed": MB_SEEDS["headBias"], "scale": scale,
                 "formula": "float32(lcg value * scale), weight row-major [classes, features]"},
        "recipe": {"loss": "cross-entropy, mean", "labelSmoothing": MB_SMOOTHING, "optimizer": "torch.optim.SGD",
                   "lr": MB_LR, "backboneLrMult": MB_BACKBONE_MULT, "momentum": MB_MOMENTUM,
                   "weightDecay": MB_WD, "steps": MB_STEPS, "dtype": "float64"},
        "evalLogits": tensor(eval_logits),
        "loss": losses[-1],
        "losses": losses,
        "params": params,
        "runningStats": {},
    })


if __name__ == "__main__":
    # Optional names pick goldens (e.g. `generate.py mobilenet`); none writes them all.
    goldens = {"conv": conv_goldens, "bn": bn_goldens, "ce": ce_goldens, "sgd": sgd_goldens,
               "resnet": resnet_golden, "mobilenet": mobilenet_golden}
    unknown = [a for a in sys.argv[1:] if a not in goldens]
    if unknown:
        sys.exit(f"unknown golden(s) {unknown}: pick from {sorted(goldens)}")
    for name in sys.argv[1:] or goldens:
        goldens[name]()
