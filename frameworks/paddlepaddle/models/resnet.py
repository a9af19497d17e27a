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
Rendered for paddle."""

import paddle
import paddle.nn.functional as F
from paddle import nn


class BasicBlock(nn.Layer):
    """Two 3x3 convolutions and an identity (or projection) shortcut."""

    def __init__(self, in_channels: int, channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(
            in_channels=in_channels, out_channels=channels, kernel_size=3, stride=stride, padding=1, bias_attr=False
        )
        self.bn1 = nn.BatchNorm2D(channels)
        self.conv2 = nn.Conv2D(in_channels=channels, out_channels=channels, kernel_size=3, padding=1, bias_attr=False)
        self.bn2 = nn.BatchNorm2D(channels)
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
        downsample = self.downsample(identity) if self.downsample is not None else identity
        x = x + downsample
        x = F.relu(x)
        return x


class Projection(nn.Layer):
    """The 1x1 convolution + batch norm shortcut used where a block changes shape."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv = nn.Conv2D(
            in_channels=in_channels, out_channels=out_channels, kernel_size=1, stride=stride, bias_attr=False
        )
        self.bn = nn.BatchNorm2D(out_channels)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.conv(x)
        x = self.bn(x)
        return x


class Bottleneck(nn.Layer):
    """1x1 reduce, 3x3 (carrying the stride), 1x1 expand by 4, and a shortcut."""

    def __init__(self, in_channels: int, channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(in_channels=in_channels, out_channels=channels, kernel_size=1, bias_attr=False)
        self.bn1 = nn.BatchNorm2D(channels)
        self.conv2 = nn.Conv2D(
            in_channels=channels, out_channels=channels, kernel_size=3, stride=stride, padding=1, bias_attr=False
        )
        self.bn2 = nn.BatchNorm2D(channels)
        self.conv3 = nn.Conv2D(in_channels=channels, out_channels=channels * 4, kernel_size=1, bias_attr=False)
        self.bn3 = nn.BatchNorm2D(channels * 4)
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
        self.layer1 = nn.Sequential(*[BasicBlock(64, channels=64, stride=1) for _ in range(2)])  # (N, 64, 56, 56)
        self.layer2 = nn.Sequential(
            BasicBlock(64, channels=128, stride=2), BasicBlock(128, channels=128, stride=1)
        )  # (N, 128, 28, 28)
        self.layer3 = nn.Sequential(
            BasicBlock(128, channels=256, stride=2), BasicBlock(256, channels=256, stride=1)
        )  # (N, 256, 14, 14)
        self.layer4 = nn.Sequential(
            BasicBlock(256, channels=512, stride=2), BasicBlock(512, channels=512, stride=1)
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
        self.layer1 = nn.Sequential(*[BasicBlock(64, channels=64, stride=1) for _ in range(3)])  # (N, 64, 56, 56)
        self.layer2 = nn.Sequential(
            BasicBlock(64, channels=128, stride=2), *[BasicBlock(128, channels=128, stride=1) for _ in range(3)]
        )  # (N, 128, 28, 28)
        self.layer3 = nn.Sequential(
            BasicBlock(128, channels=256, stride=2), *[BasicBlock(256, channels=256, stride=1) for _ in range(5)]
        )  # (N, 256, 14, 14)
        self.layer4 = nn.Sequential(
            BasicBlock(256, channels=512, stride=2), *[BasicBlock(512, channels=512, stride=1) for _ in range(2)]
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
            Bottleneck(64, channels=64, stride=1), *[Bottleneck(256, channels=64, stride=1) for _ in range(2)]
        )  # (N, 256, 56, 56)
        self.layer2 = nn.Sequential(
            Bottleneck(256, channels=128, stride=2), *[Bottleneck(512, channels=128, stride=1) for _ in range(3)]
        )  # (N, 512, 28, 28)
        self.layer3 = nn.Sequential(
            Bottleneck(512, channels=256, stride=2), *[Bottleneck(1024, channels=256, stride=1) for _ in range(5)]
        )  # (N, 1024, 14, 14)
        self.layer4 = nn.Sequential(
            Bottleneck(1024, channels=512, stride=2), *[Bottleneck(2048, channels=512, stride=1) for _ in range(2)]
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
