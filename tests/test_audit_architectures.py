"""find_redundant_biases on real architectures (torchvision, timm, transformers; no weights),
each audited in training mode against a structural reference computed here (audit_reference.py:
gradients at three random perturbations of all non-bias parameters, float64).

Every bias must be accounted for exactly once; no "redundant" or "partially-cancelled" verdict may
be false; a bias the reference finds cancelled may be kept only for the reason the audit gives
(stochastic depth multiplied its shift by a random factor, which the reference's few draws may not
have exercised). Sizes are small (16x16 or 32x32 images, two-layer transformers): the structure,
not the width, decides a bias's fate.

torchvision: PyPI's wheel is a CUDA build whose compiled operators (nms, roi_align) do not load
next to the CPU torch here, and `import torchvision` fails while registering them. The model
definitions are plain Python and need none of them, so `_model_definitions` imports them through
a package stub that skips torchvision/__init__.py (and with it the compiled operators). timm and
transformers then import the same stub. Nothing else in the test session imports torchvision.
"""

import importlib.util
import sys
import types

import pytest
import torch
import torch.nn as nn
from audit_reference import (
    bias_names,
    one_thread,  # noqa: F401 (a fixture)
    output_change,
    structural_reference,
)

from helpers import find_redundant_biases

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_thread")]


def _model_definitions():
    if "torchvision" not in sys.modules:
        spec = importlib.util.find_spec("torchvision")
        stub = types.ModuleType("torchvision")
        stub.__path__, stub.__spec__ = list(spec.submodule_search_locations), spec
        sys.modules["torchvision"] = stub
    import timm
    import torchvision.models as tvm
    import transformers

    return tvm, timm, transformers


def _images(size, batch=4):
    return torch.randn(batch, 3, size, size, generator=torch.Generator().manual_seed(size))


def _tokens():
    return torch.randint(0, 50, (4, 7), generator=torch.Generator().manual_seed(7))


def _vgg11_bn(tvm):  # vgg11_bn's conv layers; its classifier's layers at width 64, not 4096
    model = tvm.vgg11_bn(num_classes=10)
    layers = [nn.Linear(512 * 49, 64), nn.ReLU(True), nn.Dropout(), nn.Linear(64, 64)]
    model.classifier = nn.Sequential(*layers, nn.ReLU(True), nn.Dropout(), nn.Linear(64, 10))
    return model


def _deeplab_head(tvm):  # the segmentation heads: ASPP (with its pooling branch) and FCN
    from torchvision.models.segmentation.deeplabv3 import DeepLabHead
    from torchvision.models.segmentation.fcn import FCNHead

    class Heads(nn.Module):
        def __init__(self):
            super().__init__()
            self.deeplab, self.fcn = DeepLabHead(16, 3), FCNHead(16, 3)

        def forward(self, x):
            return self.deeplab(x) + self.fcn(x)

    return Heads()


def _torchvision(tvm):
    from torchvision.models.convnext import CNBlockConfig, ConvNeXt
    from torchvision.models.swin_transformer import SwinTransformer
    from torchvision.models.vision_transformer import VisionTransformer

    return {
        "tv resnet18 (zero_init_residual)": (
            lambda: tvm.resnet18(num_classes=10, zero_init_residual=True),
            _images(16),
        ),
        "tv vgg11_bn": (lambda: _vgg11_bn(tvm), _images(32)),
        "tv mobilenet_v3_small": (lambda: tvm.mobilenet_v3_small(num_classes=10), _images(16)),
        "tv efficientnet_b0": (lambda: tvm.efficientnet_b0(num_classes=10), _images(16)),
        "tv shufflenet_v2_x0_5": (lambda: tvm.shufflenet_v2_x0_5(num_classes=10), _images(16)),
        "tv densenet (2 blocks)": (
            lambda: tvm.DenseNet(8, (2, 2), 16, num_classes=10),
            _images(16),
        ),
        "tv convnext (2 stages)": (
            lambda: ConvNeXt([CNBlockConfig(16, 32, 2), CNBlockConfig(32, None, 2)], 0.1),
            _images(16),
        ),
        "tv vit (zero-init head)": (
            lambda: VisionTransformer(32, 16, 2, 2, 32, 64, num_classes=10),
            _images(32),
        ),
        "tv swin": (
            lambda: SwinTransformer([4, 4], 16, [2, 2], [2, 2], [4, 4], num_classes=10),
            _images(32),
        ),
        "tv deeplab + fcn heads": (
            lambda: _deeplab_head(tvm),
            _images(8)[:, :1].expand(4, 16, 8, 8),
        ),
    }


def _timm(timm):
    def make(name, **kw):
        return lambda: timm.create_model(name, num_classes=10, **kw)

    return {
        "timm resnet18": (make("resnet18"), _images(16)),
        "timm efficientnet_b0 (BatchNormAct2d)": (make("efficientnet_b0"), _images(16)),
        "timm regnetx_002 (BatchNormAct2d)": (make("regnetx_002"), _images(16)),
        "timm convnext_atto": (make("convnext_atto", drop_path_rate=0.1), _images(32)),
        "timm vit_tiny": (make("vit_tiny_patch16_224", img_size=32), _images(32)),
        "timm resnetv2_50": (make("resnetv2_50"), _images(16)),
        "timm mixer_s16": (make("mixer_s16_224", img_size=32), _images(32)),
    }


def _transformers(tr):
    small = dict(num_hidden_layers=2, num_attention_heads=2, intermediate_size=37)
    return {
        "hf bert": (lambda: tr.BertModel(tr.BertConfig(hidden_size=32, vocab_size=50, **small)),),
        "hf gpt2 (Conv1D)": (
            lambda: tr.GPT2Model(tr.GPT2Config(n_embd=32, n_layer=2, n_head=2, vocab_size=50)),
            {"use_cache": False},
        ),
        "hf distilbert": (
            lambda: tr.DistilBertModel(
                tr.DistilBertConfig(dim=32, n_layers=2, n_heads=2, hidden_dim=37, vocab_size=50)
            ),
        ),
        "hf vit": (
            lambda: tr.ViTModel(
                tr.ViTConfig(hidden_size=32, image_size=32, patch_size=16, **small)
            ),
            _images(32),
        ),
        "hf t5 encoder": (
            lambda: tr.T5EncoderModel(
                tr.T5Config(d_model=32, d_kv=16, d_ff=37, num_layers=2, num_heads=2, vocab_size=50)
            ),
        ),
    }


NAMES = [
    *("tv resnet18 (zero_init_residual)", "tv vgg11_bn", "tv mobilenet_v3_small"),
    *("tv efficientnet_b0", "tv shufflenet_v2_x0_5", "tv densenet (2 blocks)"),
    *("tv convnext (2 stages)", "tv vit (zero-init head)", "tv swin", "tv deeplab + fcn heads"),
    *(
        "timm resnet18",
        "timm efficientnet_b0 (BatchNormAct2d)",
        "timm regnetx_002 (BatchNormAct2d)",
    ),
    *("timm convnext_atto", "timm vit_tiny", "timm resnetv2_50", "timm mixer_s16"),
    *("hf bert", "hf gpt2 (Conv1D)", "hf distilbert", "hf vit", "hf t5 encoder"),
]


def _architecture(name):
    tvm, timm, tr = _model_definitions()
    zoo = {**_torchvision(tvm), **_timm(timm), **_transformers(tr)}
    factory, *rest = zoo[name]
    example = next((r for r in rest if isinstance(r, torch.Tensor)), _tokens())
    kwargs = next((r for r in rest if isinstance(r, dict)), {})
    torch.manual_seed(0)
    return factory().train(), example, kwargs


def test_the_list_covers_every_architecture_defined():
    tvm, timm, tr = _model_definitions()
    assert sorted(NAMES) == sorted({**_torchvision(tvm), **_timm(timm), **_transformers(tr)})


@pytest.mark.parametrize("name", NAMES)
def test_audit_agrees_with_the_structural_reference(name):
    model, x, kwargs = _architecture(name)
    found = {
        f.parameter: f
        for f in find_redundant_biases(model, x, show_all=True, forward_kwargs=kwargs or None)
    }
    reference = structural_reference(model, (x,), kwargs)
    assert sorted(found) == sorted(bias_names(model)) == sorted(reference)  # each bias, once
    wrong = {}
    for param, f in found.items():
        truth = reference[param]
        kept_for_randomness = f.verdict == "matters" and "random factor" in f.reason
        ok = (
            f.verdict == truth
            or (f.verdict == "not audited" and truth == "unused")
            or (truth in ("redundant", "partially-cancelled") and kept_for_randomness)
        )
        if not ok:
            wrong[param] = (f.verdict, truth, f.reason[:160])
    assert not wrong, wrong
    pairs = {}
    for param, f in found.items():  # (audit, reference): how often
        pairs[f.verdict, reference[param]] = pairs.get((f.verdict, reference[param]), 0) + 1
    print(f"\n{name}: {len(found)} biases, (audit, reference) {pairs}")
    flagged = [f for f in found.values() if f.verdict in ("redundant", "partially-cancelled")]
    g = torch.Generator().manual_seed(4)
    for f in flagged[:2]:  # confirmed by moving the bias itself, at another draw
        shape = dict(model.named_parameters())[f.parameter].shape
        move = torch.randn(shape, generator=g) if f.verdict == "redundant" else torch.ones(shape)
        assert output_change(model, (x,), f.parameter, move, seed=21, kwargs=kwargs) < 1e-9
