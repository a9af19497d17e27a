"""resnet: generated from shared_specs/specs/resnet.yaml by `rosetta render`; do not edit.

ResNet: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet18: resnet18(num_classes=1000) has 11,689,512 parameters; published 11,689,512.
    resnet34: resnet34(num_classes=1000) has 21,797,672 parameters; published 21,797,672.
    resnet50: resnet50(num_classes=1000) has 25,557,032 parameters; published 25,557,032.
    resnet101: resnet101(num_classes=1000) has 44,549,160 parameters; published 44,549,160.
    resnet152: resnet152(num_classes=1000) has 60,192,808 parameters; published 60,192,808.
    seresnet18: seresnet18(num_classes=1000) has 11,778,592 parameters; published 11,778,592.
    seresnet50: seresnet50(num_classes=1000) has 28,088,024 parameters; published 28,088,024.
    resnext50_32x4d: resnext50_32x4d(num_classes=1000) has 25,028,904 parameters; published 25,028,904.
    resnext101_32x8d: resnext101_32x8d(num_classes=1000) has 88,791,336 parameters; published 88,791,336.
    resnext101_64x4d: resnext101_64x4d(num_classes=1000) has 83,455,272 parameters; published 83,455,272.
    wide_resnet50_2: wide_resnet50_2(num_classes=1000) has 68,883,240 parameters; published 68,883,240.
    wide_resnet101_2: wide_resnet101_2(num_classes=1000) has 126,886,696 parameters; published 126,886,696.
ResNet50GN: ResNet-50 with group norm (32 groups) in place of every batch norm, as torchvision builds it with
norm_layer=lambda c: nn.GroupNorm(32, c): the same parameter count (per-channel affine), no running statistics.
    Source: Wu, He. Group Normalization. ECCV 2018; torchvision.models.resnet50(norm_layer=...)
    resnet50_gn: ResNet50GN(num_classes=1000) has 25,557,032 parameters; published 25,557,032.
Rendered for paddle."""

import paddle
import paddle.nn.functional as F
from paddle import nn


class SqueezeExcite(nn.Layer):
    """Channel attention (Hu et al. 2018) - global average pool, 1x1 reduce, ReLU, 1x1 expand, sigmoid gate."""

    def __init__(self, in_channels: int, reduction: int = 16) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2D(1)
        self.fc1 = nn.Conv2D(in_channels=in_channels, out_channels=in_channels // reduction, kernel_size=1)
        self.fc2 = nn.Conv2D(in_channels=in_channels // reduction, out_channels=in_channels, kernel_size=1)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        identity = x
        x = self.pool(x)
        x = self.fc1(x)
        x = F.relu(x)
        x = F.sigmoid(self.fc2(x))
        multiply_1 = identity * x
        return multiply_1


class Projection(nn.Sequential):
    """The 1x1 convolution + batch norm shortcut used where a block changes shape (torchvision's downsample)."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__(
            nn.Conv2D(
                in_channels=in_channels, out_channels=out_channels, kernel_size=1, stride=stride, bias_attr=False
            ),
            nn.BatchNorm2D(out_channels),
        )


class BasicBlock(nn.Layer):
    """Two 3x3 convolutions, optional squeeze-excite, and an identity (or projection) shortcut; it takes groups and
    width_per_group so that ResNet calls every block alike, and refuses any but 1 and 64, as torchvision's does.
    """

    expansion = 1

    def __init__(
        self,
        in_channels: int,
        channels: int,
        stride: int = 1,
        se: bool = False,
        groups: int = 1,
        width_per_group: int = 64,
    ) -> None:
        super().__init__()
        if not (groups == 1 and width_per_group == 64):
            raise ValueError("BasicBlock requires groups == 1 and width_per_group == 64")
        self.conv1 = nn.Conv2D(
            in_channels=in_channels, out_channels=channels, kernel_size=3, stride=stride, padding=1, bias_attr=False
        )
        self.bn1 = nn.BatchNorm2D(channels)
        self.conv2 = nn.Conv2D(in_channels=channels, out_channels=channels, kernel_size=3, padding=1, bias_attr=False)
        self.bn2 = nn.BatchNorm2D(channels)
        self.se = SqueezeExcite(channels) if se else None
        self.downsample = (
            Projection(in_channels, out_channels=channels, stride=stride)
            if stride != 1 or in_channels != channels
            else None
        )

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        identity = x
        x = self.conv1(x)
        x = self.bn1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = self.bn2(x)
        x = self.se(x) if self.se is not None else x
        downsample = self.downsample(identity) if self.downsample is not None else identity
        x = x + downsample
        x = F.relu(x)
        return x


class Bottleneck(nn.Layer):
    """1x1 reduce, 3x3 (carrying the stride), 1x1 expand by 4, optional squeeze-excite, and a shortcut. The inner width
    is channels * width_per_group / 64 * groups, as torchvision computes it: 64 and 1 give ResNet, groups above 1
    give ResNeXt (grouped 3x3), a wider width_per_group gives Wide ResNet.
    """

    expansion = 4

    def __init__(
        self,
        in_channels: int,
        channels: int,
        stride: int = 1,
        se: bool = False,
        groups: int = 1,
        width_per_group: int = 64,
    ) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=in_channels,
            out_channels=channels * width_per_group // 64 * groups,
            kernel_size=1,
            bias_attr=False,
        )
        self.bn1 = nn.BatchNorm2D(channels * width_per_group // 64 * groups)
        self.conv2 = nn.Conv2D(
            in_channels=channels * width_per_group // 64 * groups,
            out_channels=channels * width_per_group // 64 * groups,
            kernel_size=3,
            stride=stride,
            padding=1,
            groups=groups,
            bias_attr=False,
        )
        self.bn2 = nn.BatchNorm2D(channels * width_per_group // 64 * groups)
        self.conv3 = nn.Conv2D(
            in_channels=channels * width_per_group // 64 * groups,
            out_channels=channels * 4,
            kernel_size=1,
            bias_attr=False,
        )
        self.bn3 = nn.BatchNorm2D(channels * 4)
        self.se = SqueezeExcite(channels * 4) if se else None
        self.downsample = (
            Projection(in_channels, out_channels=channels * 4, stride=stride)
            if stride != 1 or in_channels != channels * 4
            else None
        )

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        identity = x
        x = self.conv1(x)
        x = self.bn1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = self.bn2(x)
        x = F.relu(x)
        x = self.conv3(x)
        x = self.bn3(x)
        x = self.se(x) if self.se is not None else x
        downsample = self.downsample(identity) if self.downsample is not None else identity
        x = x + downsample
        x = F.relu(x)
        return x


class GroupNormProjection(nn.Sequential):
    """The projection shortcut with group norm in place of batch norm."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1, groups: int = 32) -> None:
        super().__init__(
            nn.Conv2D(
                in_channels=in_channels, out_channels=out_channels, kernel_size=1, stride=stride, bias_attr=False
            ),
            nn.GroupNorm(num_groups=groups, num_channels=out_channels),
        )


class GroupNormBottleneck(nn.Layer):
    """The Bottleneck with group norm (Wu & He 2018) in place of each batch norm; torchvision's names."""

    def __init__(self, in_channels: int, channels: int, stride: int = 1, groups: int = 32) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(in_channels=in_channels, out_channels=channels, kernel_size=1, bias_attr=False)
        self.bn1 = nn.GroupNorm(num_groups=groups, num_channels=channels)
        self.conv2 = nn.Conv2D(
            in_channels=channels, out_channels=channels, kernel_size=3, stride=stride, padding=1, bias_attr=False
        )
        self.bn2 = nn.GroupNorm(num_groups=groups, num_channels=channels)
        self.conv3 = nn.Conv2D(in_channels=channels, out_channels=channels * 4, kernel_size=1, bias_attr=False)
        self.bn3 = nn.GroupNorm(num_groups=groups, num_channels=channels * 4)
        self.downsample = (
            GroupNormProjection(in_channels, out_channels=channels * 4, stride=stride, groups=groups)
            if stride != 1 or in_channels != channels * 4
            else None
        )

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        identity = x
        x = self.conv1(x)
        x = self.bn1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = self.bn2(x)
        x = F.relu(x)
        x = self.conv3(x)
        x = self.bn3(x)
        downsample = self.downsample(identity) if self.downsample is not None else identity
        x = x + downsample
        x = F.relu(x)
        return x


class ResNet(nn.Layer):
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 3, 224, 224).
    """

    def __init__(
        self,
        block: type[BasicBlock | Bottleneck],
        stages: list[int],
        num_classes: int = 1000,
        se: bool = False,
        groups: int = 1,
        width_per_group: int = 64,
    ) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.BatchNorm2D(64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(
            *[
                block(
                    64 if i == 0 else 64 * block.expansion,
                    channels=64,
                    groups=groups,
                    width_per_group=width_per_group,
                    se=se,
                )
                for i in range(stages[0])
            ]
        )
        self.layer2 = nn.Sequential(
            *[
                block(
                    64 * block.expansion if i == 0 else 128 * block.expansion,
                    channels=128,
                    groups=groups,
                    width_per_group=width_per_group,
                    stride=2 if i == 0 else 1,
                    se=se,
                )
                for i in range(stages[1])
            ]
        )
        self.layer3 = nn.Sequential(
            *[
                block(
                    128 * block.expansion if i == 0 else 256 * block.expansion,
                    channels=256,
                    groups=groups,
                    width_per_group=width_per_group,
                    stride=2 if i == 0 else 1,
                    se=se,
                )
                for i in range(stages[2])
            ]
        )
        self.layer4 = nn.Sequential(
            *[
                block(
                    256 * block.expansion if i == 0 else 512 * block.expansion,
                    channels=512,
                    groups=groups,
                    width_per_group=width_per_group,
                    stride=2 if i == 0 else 1,
                    se=se,
                )
                for i in range(stages[3])
            ]
        )
        self.avgpool = nn.AdaptiveAvgPool2D(1)
        self.fc = nn.Linear(in_features=512 * block.expansion, out_features=num_classes)  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.conv1(x)
        x = self.bn1(x)
        x = F.relu(x)
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.fc(x)
        return x


def resnet18(num_classes: int = 1000) -> ResNet:
    """resnet18: 11,689,512 parameters, as published (torchvision ResNet18_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(BasicBlock, [2, 2, 2, 2], num_classes=num_classes)


def resnet34(num_classes: int = 1000) -> ResNet:
    """resnet34: 21,797,672 parameters, as published (torchvision ResNet34_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(BasicBlock, [3, 4, 6, 3], num_classes=num_classes)


def resnet50(num_classes: int = 1000) -> ResNet:
    """resnet50: 25,557,032 parameters, as published (torchvision ResNet50_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(Bottleneck, [3, 4, 6, 3], num_classes=num_classes)


def resnet101(num_classes: int = 1000) -> ResNet:
    """resnet101: 44,549,160 parameters, as published (torchvision ResNet101_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(Bottleneck, [3, 4, 23, 3], num_classes=num_classes)


def resnet152(num_classes: int = 1000) -> ResNet:
    """resnet152: 60,192,808 parameters, as published (torchvision ResNet152_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(Bottleneck, [3, 8, 36, 3], num_classes=num_classes)


def seresnet18(num_classes: int = 1000) -> ResNet:
    """Squeeze-and-excitation ResNet-18, a reduction-16 SE gate before each residual add: 11,778,592 parameters, as
    published (timm legacy_seresnet18 (reduction 16; its stem pools with ceil_mode instead of padding 1, same shapes
    and count)).
    """
    return ResNet(BasicBlock, [2, 2, 2, 2], num_classes=num_classes, se=True)


def seresnet50(num_classes: int = 1000) -> ResNet:
    """Squeeze-and-excitation ResNet-50, a reduction-16 SE gate after the expanding 1x1 of each Bottleneck; timm's
    names (se.fc1, se.fc2): 28,088,024 parameters, as published (timm seresnet50 (ResNet with attn_layer='se',
    rd_ratio 1/16)).
    """
    return ResNet(Bottleneck, [3, 4, 6, 3], num_classes=num_classes, se=True)


def resnext50_32x4d(num_classes: int = 1000) -> ResNet:
    """ResNeXt-50 (32x4d), 32 groups of 4 channels in the first stage's grouped 3x3: 25,028,904 parameters, as
    published (torchvision ResNeXt50_32X4D_Weights.IMAGENET1K_V1 meta num_params).
    """
    return ResNet(Bottleneck, [3, 4, 6, 3], num_classes=num_classes, groups=32, width_per_group=4)


def resnext101_32x8d(num_classes: int = 1000) -> ResNet:
    """ResNeXt-101 (32x8d): 88,791,336 parameters, as published (torchvision ResNeXt101_32X8D_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ResNet(Bottleneck, [3, 4, 23, 3], num_classes=num_classes, groups=32, width_per_group=8)


def resnext101_64x4d(num_classes: int = 1000) -> ResNet:
    """ResNeXt-101 (64x4d): 83,455,272 parameters, as published (torchvision ResNeXt101_64X4D_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ResNet(Bottleneck, [3, 4, 23, 3], num_classes=num_classes, groups=64, width_per_group=4)


def wide_resnet50_2(num_classes: int = 1000) -> ResNet:
    """Wide ResNet-50-2, the Bottleneck's inner 3x3 twice as wide (128 channels per unit of 64): 68,883,240 parameters,
    as published (torchvision Wide_ResNet50_2_Weights.IMAGENET1K_V1 meta num_params).
    """
    return ResNet(Bottleneck, [3, 4, 6, 3], num_classes=num_classes, width_per_group=128)


def wide_resnet101_2(num_classes: int = 1000) -> ResNet:
    """Wide ResNet-101-2: 126,886,696 parameters, as published (torchvision Wide_ResNet101_2_Weights.IMAGENET1K_V1 meta
    num_params).
    """
    return ResNet(Bottleneck, [3, 4, 23, 3], num_classes=num_classes, width_per_group=128)


class ResNet50GN(nn.Layer):
    """ResNet-50 with group norm (32 groups) in place of every batch norm, as torchvision builds it with
    norm_layer=lambda c: nn.GroupNorm(32, c): the same parameter count (per-channel affine), no running statistics.
    Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.GroupNorm(num_groups=32, num_channels=64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(
            GroupNormBottleneck(64, channels=64), *[GroupNormBottleneck(256, channels=64) for _ in range(2)]
        )  # (N, 256, 56, 56)
        self.layer2 = nn.Sequential(
            GroupNormBottleneck(256, channels=128, stride=2),
            *[GroupNormBottleneck(512, channels=128) for _ in range(3)],
        )  # (N, 512, 28, 28)
        self.layer3 = nn.Sequential(
            GroupNormBottleneck(512, channels=256, stride=2),
            *[GroupNormBottleneck(1024, channels=256) for _ in range(5)],
        )  # (N, 1024, 14, 14)
        self.layer4 = nn.Sequential(
            GroupNormBottleneck(1024, channels=512, stride=2),
            *[GroupNormBottleneck(2048, channels=512) for _ in range(2)],
        )  # (N, 2048, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2D(1)  # (N, 2048, 1, 1)
        self.fc = nn.Linear(in_features=2048, out_features=num_classes)  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.conv1(x)
        x = self.bn1(x)
        x = F.relu(x)
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.fc(x)
        return x
