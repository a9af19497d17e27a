"""shufflenet: generated from shared_specs/specs/shufflenet.yaml by `rosetta render`; do not edit.

ShuffleNetV2: ShuffleNet v2: a 3x3 stride-2 convolution and max pooling, three stages of units (each opened by a
stride-2 unit), a 1x1 convolution, global average pooling and a linear classifier; widths per stage as the paper's
Table 5 gives them for each complexity.
    Source: Ma et al. 2018 (Table 5); layout of torchvision.models.shufflenetv2
    shufflenet_v2_x0_5: shufflenet_v2_x0_5(num_classes=1000) has 1,366,792 parameters; published 1,366,792.
    shufflenet_v2_x1_0: shufflenet_v2_x1_0(num_classes=1000) has 2,278,604 parameters; published 2,278,604.
    shufflenet_v2_x1_5: shufflenet_v2_x1_5(num_classes=1000) has 3,503,624 parameters; published 3,503,624.
    shufflenet_v2_x2_0: shufflenet_v2_x2_0(num_classes=1000) has 7,393,996 parameters; published 7,393,996.
Rendered for paddle."""

import paddle
import paddle.nn.functional as F
from paddle import nn


class ShortcutBranch(nn.Sequential):
    """The second branch of a stride-2 unit (torchvision's branch1): a 3x3 depthwise convolution carrying the stride
    and batch norm, then a 1x1 convolution, batch norm and ReLU.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 2) -> None:
        super().__init__(
            nn.Conv2D(
                in_channels=in_channels,
                out_channels=in_channels,
                kernel_size=3,
                stride=stride,
                padding=1,
                groups=in_channels,
                bias_attr=False,
            ),
            nn.BatchNorm2D(in_channels),
            nn.Conv2D(in_channels=in_channels, out_channels=out_channels, kernel_size=1, bias_attr=False),
            nn.BatchNorm2D(out_channels),
            nn.ReLU(),
        )


class MainBranch(nn.Sequential):
    """The branch every unit has (torchvision's branch2): 1x1 convolution, batch norm, ReLU, a 3x3 depthwise
    convolution carrying the stride and batch norm, then 1x1 convolution, batch norm, ReLU.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__(
            nn.Conv2D(in_channels=in_channels, out_channels=out_channels, kernel_size=1, bias_attr=False),
            nn.BatchNorm2D(out_channels),
            nn.ReLU(),
            nn.Conv2D(
                in_channels=out_channels,
                out_channels=out_channels,
                kernel_size=3,
                stride=stride,
                padding=1,
                groups=out_channels,
                bias_attr=False,
            ),
            nn.BatchNorm2D(out_channels),
            nn.Conv2D(in_channels=out_channels, out_channels=out_channels, kernel_size=1, bias_attr=False),
            nn.BatchNorm2D(out_channels),
            nn.ReLU(),
        )


class DownsampleUnit(nn.Layer):
    """The stride-2 unit that opens a stage: both branches read the whole input and give half the output channels each;
    concatenated, then shuffled in two groups.
    """

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        if not (out_channels % 2 == 0):
            raise ValueError("DownsampleUnit requires out_channels % 2 == 0")
        self.branch1 = ShortcutBranch(in_channels, out_channels=out_channels // 2)
        self.branch2 = MainBranch(in_channels, out_channels=out_channels // 2, stride=2)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        identity = x
        x = self.branch1(x)
        branch2 = self.branch2(identity)
        x = paddle.concat([x, branch2], axis=1)
        x = F.channel_shuffle(x, 2)
        return x


class BasicUnit(nn.Layer):
    """The stride-1 unit: the channels split in halves, the first kept as it is, the second through the main branch;
    concatenated, then shuffled in two groups (torchvision's x.chunk(2, dim=1) and channel_shuffle).
    """

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.branch2 = MainBranch(in_channels // 2, out_channels=in_channels // 2)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x, x2 = paddle.chunk(x, 2, axis=1)
        branch2 = self.branch2(x2)
        x = paddle.concat([x, branch2], axis=1)
        x = F.channel_shuffle(x, 2)
        return x


class ShuffleNetV2(nn.Layer):
    """ShuffleNet v2: a 3x3 stride-2 convolution and max pooling, three stages of units (each opened by a stride-2
    unit), a 1x1 convolution, global average pooling and a linear classifier; widths per stage as the paper's Table
    5 gives them for each complexity. Input (N, 3, 224, 224).
    """

    def __init__(self, stages_out_channels: list[int], num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Sequential(
            nn.Conv2D(
                in_channels=3, out_channels=stages_out_channels[0], kernel_size=3, stride=2, padding=1, bias_attr=False
            ),
            nn.BatchNorm2D(stages_out_channels[0]),
            nn.ReLU(),
        )  # (N, 24, 112, 112)
        self.maxpool = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)  # (N, 24, 56, 56)
        self.stage2 = nn.Sequential(
            DownsampleUnit(stages_out_channels[0], out_channels=stages_out_channels[1]),
            *[BasicUnit(stages_out_channels[1]) for _ in range(3)],
        )
        self.stage3 = nn.Sequential(
            DownsampleUnit(stages_out_channels[1], out_channels=stages_out_channels[2]),
            *[BasicUnit(stages_out_channels[2]) for _ in range(7)],
        )
        self.stage4 = nn.Sequential(
            DownsampleUnit(stages_out_channels[2], out_channels=stages_out_channels[3]),
            *[BasicUnit(stages_out_channels[3]) for _ in range(3)],
        )
        self.conv5 = nn.Sequential(
            nn.Conv2D(
                in_channels=stages_out_channels[3], out_channels=stages_out_channels[4], kernel_size=1, bias_attr=False
            ),
            nn.BatchNorm2D(stages_out_channels[4]),
            nn.ReLU(),
        )
        self.globalpool = nn.AdaptiveAvgPool2D(1)
        self.fc = nn.Linear(in_features=stages_out_channels[4], out_features=num_classes)  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.conv1(x)
        x = self.maxpool(x)
        x = self.stage2(x)
        x = self.stage3(x)
        x = self.stage4(x)
        x = self.conv5(x)
        x = self.globalpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.fc(x)
        return x


def shufflenet_v2_x0_5(num_classes: int = 1000) -> ShuffleNetV2:
    """shufflenet_v2_x0_5: 1,366,792 parameters, as published (torchvision ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ShuffleNetV2([24, 48, 96, 192, 1024], num_classes=num_classes)


def shufflenet_v2_x1_0(num_classes: int = 1000) -> ShuffleNetV2:
    """shufflenet_v2_x1_0: 2,278,604 parameters, as published (torchvision ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ShuffleNetV2([24, 116, 232, 464, 1024], num_classes=num_classes)


def shufflenet_v2_x1_5(num_classes: int = 1000) -> ShuffleNetV2:
    """shufflenet_v2_x1_5: 3,503,624 parameters, as published (torchvision ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ShuffleNetV2([24, 176, 352, 704, 1024], num_classes=num_classes)


def shufflenet_v2_x2_0(num_classes: int = 1000) -> ShuffleNetV2:
    """ShuffleNet v2 2x with the paper's 244-channel first stage (Table 5), as torchvision; paddle.vision's
    shufflenet_v2_x2_0 uses 224 there (7,366,536 parameters), a configuration of this class too: 7,393,996
    parameters, as published (torchvision ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1 meta num_params).
    """
    return ShuffleNetV2([24, 244, 488, 976, 2048], num_classes=num_classes)
