"""resnet: generated from shared_specs/specs/resnet.yaml by `rosetta render`; do not edit.

ResNet18: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet18: ResNet18(num_classes=1000) has 11,689,512 parameters; published 11,689,512.
ResNet34: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet34: ResNet34(num_classes=1000) has 21,797,672 parameters; published 21,797,672.
ResNet50: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet50: ResNet50(num_classes=1000) has 25,557,032 parameters; published 25,557,032.
ResNet101: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet101: ResNet101(num_classes=1000) has 44,549,160 parameters; published 44,549,160.
ResNet152: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet152: ResNet152(num_classes=1000) has 60,192,808 parameters; published 60,192,808.
SEResNet18: Squeeze-and-excitation ResNet-18, a reduction-16 SE gate before each residual add.
    Source: Hu, Shen, Sun. Squeeze-and-Excitation Networks. CVPR 2018; timm's legacy SE-ResNet-18
    seresnet18: SEResNet18(num_classes=1000) has 11,778,592 parameters; published 11,778,592.
SEResNet50: Squeeze-and-excitation ResNet-50, a reduction-16 SE gate after the expanding 1x1 of each Bottleneck;
timm's names (se.fc1, se.fc2).
    Source: Hu, Shen, Sun. Squeeze-and-Excitation Networks. CVPR 2018; layout of timm.models.resnet seresnet50
    seresnet50: SEResNet50(num_classes=1000) has 28,088,024 parameters; published 28,088,024.
ResNet50GN: ResNet-50 with group norm (32 groups) in place of every batch norm, as torchvision builds it with
norm_layer=lambda c: nn.GroupNorm(32, c): the same parameter count (per-channel affine), no running statistics.
    Source: Wu, He. Group Normalization. ECCV 2018; torchvision.models.resnet50(norm_layer=...)
    resnet50_gn: ResNet50GN(num_classes=1000) has 25,557,032 parameters; published 25,557,032.
Rendered for paddle."""

import paddle
import paddle.nn.functional as F
from paddle import nn


class BasicBlock(nn.Layer):
    """Two 3x3 convolutions, optional squeeze-excite, and an identity (or projection) shortcut."""

    def __init__(self, in_channels: int, channels: int, stride: int = 1, se: bool = False) -> None:
        super().__init__()
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


class Projection(nn.Sequential):
    """The 1x1 convolution + batch norm shortcut used where a block changes shape (torchvision's downsample)."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__(
            nn.Conv2D(
                in_channels=in_channels, out_channels=out_channels, kernel_size=1, stride=stride, bias_attr=False
            ),
            nn.BatchNorm2D(out_channels),
        )


class Bottleneck(nn.Layer):
    """1x1 reduce, 3x3 (carrying the stride), 1x1 expand by 4, optional squeeze-excite, and a shortcut."""

    def __init__(self, in_channels: int, channels: int, stride: int = 1, se: bool = False) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(in_channels=in_channels, out_channels=channels, kernel_size=1, bias_attr=False)
        self.bn1 = nn.BatchNorm2D(channels)
        self.conv2 = nn.Conv2D(
            in_channels=channels, out_channels=channels, kernel_size=3, stride=stride, padding=1, bias_attr=False
        )
        self.bn2 = nn.BatchNorm2D(channels)
        self.conv3 = nn.Conv2D(in_channels=channels, out_channels=channels * 4, kernel_size=1, bias_attr=False)
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


class ResNet18(nn.Layer):
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.BatchNorm2D(64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(*[BasicBlock(64, channels=64) for _ in range(2)])  # (N, 64, 56, 56)
        self.layer2 = nn.Sequential(
            BasicBlock(64, channels=128, stride=2), BasicBlock(128, channels=128)
        )  # (N, 128, 28, 28)
        self.layer3 = nn.Sequential(
            BasicBlock(128, channels=256, stride=2), BasicBlock(256, channels=256)
        )  # (N, 256, 14, 14)
        self.layer4 = nn.Sequential(
            BasicBlock(256, channels=512, stride=2), BasicBlock(512, channels=512)
        )  # (N, 512, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2D(1)  # (N, 512, 1, 1)
        self.fc = nn.Linear(in_features=512, out_features=num_classes)  # (N, 1000)

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


class ResNet34(nn.Layer):
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.BatchNorm2D(64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(*[BasicBlock(64, channels=64) for _ in range(3)])  # (N, 64, 56, 56)
        self.layer2 = nn.Sequential(
            BasicBlock(64, channels=128, stride=2), *[BasicBlock(128, channels=128) for _ in range(3)]
        )  # (N, 128, 28, 28)
        self.layer3 = nn.Sequential(
            BasicBlock(128, channels=256, stride=2), *[BasicBlock(256, channels=256) for _ in range(5)]
        )  # (N, 256, 14, 14)
        self.layer4 = nn.Sequential(
            BasicBlock(256, channels=512, stride=2), *[BasicBlock(512, channels=512) for _ in range(2)]
        )  # (N, 512, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2D(1)  # (N, 512, 1, 1)
        self.fc = nn.Linear(in_features=512, out_features=num_classes)  # (N, 1000)

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


class ResNet50(nn.Layer):
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.BatchNorm2D(64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(
            Bottleneck(64, channels=64), *[Bottleneck(256, channels=64) for _ in range(2)]
        )  # (N, 256, 56, 56)
        self.layer2 = nn.Sequential(
            Bottleneck(256, channels=128, stride=2), *[Bottleneck(512, channels=128) for _ in range(3)]
        )  # (N, 512, 28, 28)
        self.layer3 = nn.Sequential(
            Bottleneck(512, channels=256, stride=2), *[Bottleneck(1024, channels=256) for _ in range(5)]
        )  # (N, 1024, 14, 14)
        self.layer4 = nn.Sequential(
            Bottleneck(1024, channels=512, stride=2), *[Bottleneck(2048, channels=512) for _ in range(2)]
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


class ResNet101(nn.Layer):
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.BatchNorm2D(64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(
            Bottleneck(64, channels=64), *[Bottleneck(256, channels=64) for _ in range(2)]
        )  # (N, 256, 56, 56)
        self.layer2 = nn.Sequential(
            Bottleneck(256, channels=128, stride=2), *[Bottleneck(512, channels=128) for _ in range(3)]
        )  # (N, 512, 28, 28)
        self.layer3 = nn.Sequential(
            Bottleneck(512, channels=256, stride=2), *[Bottleneck(1024, channels=256) for _ in range(22)]
        )  # (N, 1024, 14, 14)
        self.layer4 = nn.Sequential(
            Bottleneck(1024, channels=512, stride=2), *[Bottleneck(2048, channels=512) for _ in range(2)]
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


class ResNet152(nn.Layer):
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.BatchNorm2D(64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(
            Bottleneck(64, channels=64), *[Bottleneck(256, channels=64) for _ in range(2)]
        )  # (N, 256, 56, 56)
        self.layer2 = nn.Sequential(
            Bottleneck(256, channels=128, stride=2), *[Bottleneck(512, channels=128) for _ in range(7)]
        )  # (N, 512, 28, 28)
        self.layer3 = nn.Sequential(
            Bottleneck(512, channels=256, stride=2), *[Bottleneck(1024, channels=256) for _ in range(35)]
        )  # (N, 1024, 14, 14)
        self.layer4 = nn.Sequential(
            Bottleneck(1024, channels=512, stride=2), *[Bottleneck(2048, channels=512) for _ in range(2)]
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


class SEResNet18(nn.Layer):
    """Squeeze-and-excitation ResNet-18, a reduction-16 SE gate before each residual add. Input (N, 3, 224, 224)."""

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.BatchNorm2D(64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(*[BasicBlock(64, channels=64, se=True) for _ in range(2)])  # (N, 64, 56, 56)
        self.layer2 = nn.Sequential(
            BasicBlock(64, channels=128, stride=2, se=True), BasicBlock(128, channels=128, se=True)
        )  # (N, 128, 28, 28)
        self.layer3 = nn.Sequential(
            BasicBlock(128, channels=256, stride=2, se=True), BasicBlock(256, channels=256, se=True)
        )  # (N, 256, 14, 14)
        self.layer4 = nn.Sequential(
            BasicBlock(256, channels=512, stride=2, se=True), BasicBlock(512, channels=512, se=True)
        )  # (N, 512, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2D(1)  # (N, 512, 1, 1)
        self.fc = nn.Linear(in_features=512, out_features=num_classes)  # (N, 1000)

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


class SEResNet50(nn.Layer):
    """Squeeze-and-excitation ResNet-50, a reduction-16 SE gate after the expanding 1x1 of each Bottleneck; timm's
    names (se.fc1, se.fc2). Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False
        )  # (N, 64, 112, 112)
        self.bn1 = nn.BatchNorm2D(64)  # (N, 64, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.layer1 = nn.Sequential(
            Bottleneck(64, channels=64, se=True), *[Bottleneck(256, channels=64, se=True) for _ in range(2)]
        )  # (N, 256, 56, 56)
        self.layer2 = nn.Sequential(
            Bottleneck(256, channels=128, stride=2, se=True),
            *[Bottleneck(512, channels=128, se=True) for _ in range(3)],
        )  # (N, 512, 28, 28)
        self.layer3 = nn.Sequential(
            Bottleneck(512, channels=256, stride=2, se=True),
            *[Bottleneck(1024, channels=256, se=True) for _ in range(5)],
        )  # (N, 1024, 14, 14)
        self.layer4 = nn.Sequential(
            Bottleneck(1024, channels=512, stride=2, se=True),
            *[Bottleneck(2048, channels=512, se=True) for _ in range(2)],
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
