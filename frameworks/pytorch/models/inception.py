"""inception: generated from shared_specs/specs/inception.yaml by `rosetta render`; do not edit.

GoogLeNet: The Inception family: parallel branches of convolutions (and pooling) concatenated along channels, every
convolution a conv + batch norm (eps 1e-3) + ReLU as torchvision writes it (BasicConv2d).
    Source: Szegedy et al. Going Deeper with Convolutions. CVPR 2015; Ioffe, Szegedy. Batch Normalization. ICML
    2015; Szegedy et al. Rethinking the Inception Architecture for Computer Vision. CVPR 2016
    googlenet: GoogLeNet(num_classes=1000) has 6,624,904 parameters; published 6,624,904.
GoogLeNetAux: GoogLeNet with its two auxiliary classifiers (on inception4a and inception4d) as torchvision builds it
with aux_logits=True; they run in train mode only, their losses weighted 0.3 as in the paper.
    Source: Szegedy et al. Going Deeper with Convolutions. CVPR 2015; Ioffe, Szegedy. Batch Normalization. ICML
    2015; Szegedy et al. Rethinking the Inception Architecture for Computer Vision. CVPR 2016
    googlenet_aux: GoogLeNetAux(num_classes=1000) has 13,004,888 parameters; published 13,004,888.
BNInception: Inception v2 of the batch-normalisation paper (its Figure 5): GoogLeNet with batch norm after every
convolution, each 5x5 replaced by two 3x3, and stride-2 modules (3c, 4e) in place of max pooling between stages.
    Source: Ioffe, Szegedy. Batch Normalization: Accelerating Deep Network Training by Reducing Internal
    Covariate Shift. ICML 2015, Figure 5
    bninception: BNInception(num_classes=1000) has 11,285,224 parameters; published 11,285,224.
Inception3: Inception v3 as torchvision lays it out (and paddle.vision without the auxiliary head): a 299x299 stem,
three 35x35 InceptionA, a grid reduction, four 17x17 InceptionC with factorised 7x7, a second reduction, two 8x8
InceptionE, global average pooling, dropout and a linear classifier.
    Source: Szegedy et al. Rethinking the Inception Architecture for Computer Vision. CVPR 2016; layout of
    torchvision.models.inception
    inception_v3: Inception3(num_classes=1000) has 23,834,568 parameters; published 23,834,568.
Inception3Aux: Inception v3 with its auxiliary classifier on the 17x17 grid (torchvision's AuxLogits,
aux_logits=True); it runs in train mode only, its loss weighted 0.4 as in torchvision's reference training recipe.
    Source: Szegedy et al. Rethinking the Inception Architecture for Computer Vision. CVPR 2016; layout of
    torchvision.models.inception
    inception_v3_aux: Inception3Aux(num_classes=1000) has 27,161,264 parameters; published 27,161,264.
Rendered for torch."""

import torch
import torch.nn.functional as F
from torch import nn


class BasicConv2d(nn.Module):
    """Convolution without bias, batch norm (eps 1e-3) and ReLU."""

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1, padding: int = 0
    ) -> None:
        super().__init__()
        self.conv = nn.Conv2d(
            in_channels, out_channels, kernel_size=kernel_size, stride=stride, padding=padding, bias=False
        )
        self.bn = nn.BatchNorm2d(out_channels, eps=0.001)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv(x)
        x = self.bn(x)
        x = F.relu(x)
        return x


class ReduceConv(nn.Sequential):
    """A 1x1 BasicConv2d reducing the channels, then a 3x3 one (torchvision keeps 3x3 where the paper has 5x5)."""

    def __init__(self, in_channels: int, reduce_channels: int, out_channels: int) -> None:
        super().__init__(
            BasicConv2d(in_channels, out_channels=reduce_channels, kernel_size=1),
            BasicConv2d(reduce_channels, out_channels=out_channels, kernel_size=3, padding=1),
        )


class PoolProjection(nn.Sequential):
    """3x3 stride-1 max pooling, then a 1x1 BasicConv2d."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__(
            nn.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True),
            BasicConv2d(in_channels, out_channels=out_channels, kernel_size=1),
        )


class Inception(nn.Module):
    """Four parallel branches (1x1; 1x1 then 3x3; 1x1 then 3x3; pooling then 1x1) concatenated along channels."""

    def __init__(
        self, in_channels: int, ch1x1: int, ch3x3red: int, ch3x3: int, ch5x5red: int, ch5x5: int, pool_proj: int
    ) -> None:
        super().__init__()
        self.branch1 = BasicConv2d(in_channels, out_channels=ch1x1, kernel_size=1)
        self.branch2 = ReduceConv(in_channels, reduce_channels=ch3x3red, out_channels=ch3x3)
        self.branch3 = ReduceConv(in_channels, reduce_channels=ch5x5red, out_channels=ch5x5)
        self.branch4 = PoolProjection(in_channels, out_channels=pool_proj)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.branch1(x)
        branch2 = self.branch2(identity)
        branch3 = self.branch3(identity)
        branch4 = self.branch4(identity)
        x = torch.cat([x, branch2, branch3, branch4], dim=1)
        return x


class InceptionAux(nn.Module):
    """GoogLeNet's auxiliary classifier - 4x4 average pooling, a 1x1 BasicConv2d, two linear layers."""

    def __init__(self, in_channels: int, num_classes: int) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(4)
        self.conv = BasicConv2d(in_channels, out_channels=128, kernel_size=1)
        self.fc1 = nn.Linear(128 * 4 * 4, 1024)
        self.dropout = nn.Dropout(p=0.7)
        self.fc2 = nn.Linear(1024, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(x)
        x = self.conv(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout(x)
        x = self.fc2(x)
        return x


class BNInceptionModule(nn.Module):
    """The BN paper's module - 1x1; 1x1 then 3x3; 1x1 then two 3x3; pooling (average, or max where pool is 'max') then
    a 1x1 projection - concatenated.
    """

    def __init__(
        self,
        in_channels: int,
        ch1x1: int,
        ch3x3red: int,
        ch3x3: int,
        dbl_red: int,
        dbl: int,
        pool_proj: int,
        pool: str = "avg",
    ) -> None:
        super().__init__()
        self.branch1x1 = BasicConv2d(in_channels, out_channels=ch1x1, kernel_size=1)
        self.branch3x3_1 = BasicConv2d(in_channels, out_channels=ch3x3red, kernel_size=1)
        self.branch3x3_2 = BasicConv2d(ch3x3red, out_channels=ch3x3, kernel_size=3, padding=1)
        self.branch3x3dbl_1 = BasicConv2d(in_channels, out_channels=dbl_red, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(dbl_red, out_channels=dbl, kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(dbl, out_channels=dbl, kernel_size=3, padding=1)
        self.avg_pool = nn.AvgPool2d(kernel_size=3, stride=1, padding=1) if pool == "avg" else None
        self.max_pool = nn.MaxPool2d(kernel_size=3, stride=1, padding=1) if pool == "max" else None
        self.branch_pool = BasicConv2d(in_channels, out_channels=pool_proj, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.branch1x1(x)
        branch3x3_1 = self.branch3x3_1(identity)
        branch3x3_2 = self.branch3x3_2(branch3x3_1)
        branch3x3dbl_1 = self.branch3x3dbl_1(identity)
        branch3x3dbl_2 = self.branch3x3dbl_2(branch3x3dbl_1)
        branch3x3dbl_3 = self.branch3x3dbl_3(branch3x3dbl_2)
        avg_pool = self.avg_pool(identity) if self.avg_pool is not None else identity
        max_pool = self.max_pool(avg_pool) if self.max_pool is not None else avg_pool
        branch_pool = self.branch_pool(max_pool)
        x = torch.cat([x, branch3x3_2, branch3x3dbl_3, branch_pool], dim=1)
        return x


class BNInceptionReduce(nn.Module):
    """The BN paper's stride-2 module - 1x1 then a stride-2 3x3; 1x1, 3x3, stride-2 3x3; stride-2 max pooling."""

    def __init__(self, in_channels: int, ch3x3red: int, ch3x3: int, dbl_red: int, dbl: int) -> None:
        super().__init__()
        self.branch3x3_1 = BasicConv2d(in_channels, out_channels=ch3x3red, kernel_size=1)
        self.branch3x3_2 = BasicConv2d(ch3x3red, out_channels=ch3x3, kernel_size=3, stride=2, padding=1)
        self.branch3x3dbl_1 = BasicConv2d(in_channels, out_channels=dbl_red, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(dbl_red, out_channels=dbl, kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(dbl, out_channels=dbl, kernel_size=3, stride=2, padding=1)
        self.branch_pool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.branch3x3_1(x)
        x = self.branch3x3_2(x)
        branch3x3dbl_1 = self.branch3x3dbl_1(identity)
        branch3x3dbl_2 = self.branch3x3dbl_2(branch3x3dbl_1)
        branch3x3dbl_3 = self.branch3x3dbl_3(branch3x3dbl_2)
        branch_pool = self.branch_pool(identity)
        x = torch.cat([x, branch3x3dbl_3, branch_pool], dim=1)
        return x


class InceptionA(nn.Module):
    """Inception v3's 35x35 module - 1x1; 1x1 then 5x5; 1x1 then two 3x3; 3x3 average pooling then 1x1."""

    def __init__(self, in_channels: int, pool_features: int) -> None:
        super().__init__()
        self.branch1x1 = BasicConv2d(in_channels, out_channels=64, kernel_size=1)
        self.branch5x5_1 = BasicConv2d(in_channels, out_channels=48, kernel_size=1)
        self.branch5x5_2 = BasicConv2d(48, out_channels=64, kernel_size=5, padding=2)
        self.branch3x3dbl_1 = BasicConv2d(in_channels, out_channels=64, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(64, out_channels=96, kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(96, out_channels=96, kernel_size=3, padding=1)
        self.pool = nn.AvgPool2d(kernel_size=3, stride=1, padding=1)
        self.branch_pool = BasicConv2d(in_channels, out_channels=pool_features, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.branch1x1(x)
        branch5x5_1 = self.branch5x5_1(identity)
        branch5x5_2 = self.branch5x5_2(branch5x5_1)
        branch3x3dbl_1 = self.branch3x3dbl_1(identity)
        branch3x3dbl_2 = self.branch3x3dbl_2(branch3x3dbl_1)
        branch3x3dbl_3 = self.branch3x3dbl_3(branch3x3dbl_2)
        pool = self.pool(identity)
        branch_pool = self.branch_pool(pool)
        x = torch.cat([x, branch5x5_2, branch3x3dbl_3, branch_pool], dim=1)
        return x


class InceptionB(nn.Module):
    """Inception v3's 35 -> 17 grid reduction - a stride-2 3x3 conv and a stride-2 max pool side by side."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.branch3x3 = BasicConv2d(in_channels, out_channels=384, kernel_size=3, stride=2)
        self.branch3x3dbl_1 = BasicConv2d(in_channels, out_channels=64, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(64, out_channels=96, kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(96, out_channels=96, kernel_size=3, stride=2)
        self.pool = nn.MaxPool2d(kernel_size=3, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.branch3x3(x)
        branch3x3dbl_1 = self.branch3x3dbl_1(identity)
        branch3x3dbl_2 = self.branch3x3dbl_2(branch3x3dbl_1)
        branch3x3dbl_3 = self.branch3x3dbl_3(branch3x3dbl_2)
        pool = self.pool(identity)
        x = torch.cat([x, branch3x3dbl_3, pool], dim=1)
        return x


class InceptionC(nn.Module):
    """Inception v3's 17x17 module with 7x7 convolutions factorised into 1x7 and 7x1."""

    def __init__(self, in_channels: int, channels_7x7: int) -> None:
        super().__init__()
        self.branch1x1 = BasicConv2d(in_channels, out_channels=192, kernel_size=1)
        self.branch7x7_1 = BasicConv2d(in_channels, out_channels=channels_7x7, kernel_size=1)
        self.branch7x7_2 = BasicConv2d(channels_7x7, out_channels=channels_7x7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7_3 = BasicConv2d(channels_7x7, out_channels=192, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = BasicConv2d(in_channels, out_channels=channels_7x7, kernel_size=1)
        self.branch7x7dbl_2 = BasicConv2d(channels_7x7, out_channels=channels_7x7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = BasicConv2d(channels_7x7, out_channels=channels_7x7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = BasicConv2d(channels_7x7, out_channels=channels_7x7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = BasicConv2d(channels_7x7, out_channels=192, kernel_size=(1, 7), padding=(0, 3))
        self.pool = nn.AvgPool2d(kernel_size=3, stride=1, padding=1)
        self.branch_pool = BasicConv2d(in_channels, out_channels=192, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.branch1x1(x)
        branch7x7_1 = self.branch7x7_1(identity)
        branch7x7_2 = self.branch7x7_2(branch7x7_1)
        branch7x7_3 = self.branch7x7_3(branch7x7_2)
        branch7x7dbl_1 = self.branch7x7dbl_1(identity)
        branch7x7dbl_2 = self.branch7x7dbl_2(branch7x7dbl_1)
        branch7x7dbl_3 = self.branch7x7dbl_3(branch7x7dbl_2)
        branch7x7dbl_4 = self.branch7x7dbl_4(branch7x7dbl_3)
        branch7x7dbl_5 = self.branch7x7dbl_5(branch7x7dbl_4)
        pool = self.pool(identity)
        branch_pool = self.branch_pool(pool)
        x = torch.cat([x, branch7x7_3, branch7x7dbl_5, branch_pool], dim=1)
        return x


class InceptionD(nn.Module):
    """Inception v3's 17 -> 8 grid reduction - stride-2 convolutions beside a stride-2 max pool."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.branch3x3_1 = BasicConv2d(in_channels, out_channels=192, kernel_size=1)
        self.branch3x3_2 = BasicConv2d(192, out_channels=320, kernel_size=3, stride=2)
        self.branch7x7x3_1 = BasicConv2d(in_channels, out_channels=192, kernel_size=1)
        self.branch7x7x3_2 = BasicConv2d(192, out_channels=192, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7x3_3 = BasicConv2d(192, out_channels=192, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7x3_4 = BasicConv2d(192, out_channels=192, kernel_size=3, stride=2)
        self.pool = nn.MaxPool2d(kernel_size=3, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.branch3x3_1(x)
        x = self.branch3x3_2(x)
        branch7x7x3_1 = self.branch7x7x3_1(identity)
        branch7x7x3_2 = self.branch7x7x3_2(branch7x7x3_1)
        branch7x7x3_3 = self.branch7x7x3_3(branch7x7x3_2)
        branch7x7x3_4 = self.branch7x7x3_4(branch7x7x3_3)
        pool = self.pool(identity)
        x = torch.cat([x, branch7x7x3_4, pool], dim=1)
        return x


class InceptionE(nn.Module):
    """Inception v3's 8x8 module - its 3x3 branches split into parallel 1x3 and 3x1 convolutions."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.branch1x1 = BasicConv2d(in_channels, out_channels=320, kernel_size=1)
        self.branch3x3_1 = BasicConv2d(in_channels, out_channels=384, kernel_size=1)
        self.branch3x3_2a = BasicConv2d(384, out_channels=384, kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3_2b = BasicConv2d(384, out_channels=384, kernel_size=(3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = BasicConv2d(in_channels, out_channels=448, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(448, out_channels=384, kernel_size=3, padding=1)
        self.branch3x3dbl_3a = BasicConv2d(384, out_channels=384, kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = BasicConv2d(384, out_channels=384, kernel_size=(3, 1), padding=(1, 0))
        self.pool = nn.AvgPool2d(kernel_size=3, stride=1, padding=1)
        self.branch_pool = BasicConv2d(in_channels, out_channels=192, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.branch1x1(x)
        branch3x3_1 = self.branch3x3_1(identity)
        branch3x3_2a = self.branch3x3_2a(branch3x3_1)
        branch3x3_2b = self.branch3x3_2b(branch3x3_1)
        branch3x3 = torch.cat([branch3x3_2a, branch3x3_2b], dim=1)
        branch3x3dbl_1 = self.branch3x3dbl_1(identity)
        branch3x3dbl_2 = self.branch3x3dbl_2(branch3x3dbl_1)
        branch3x3dbl_3a = self.branch3x3dbl_3a(branch3x3dbl_2)
        branch3x3dbl_3b = self.branch3x3dbl_3b(branch3x3dbl_2)
        branch3x3dbl = torch.cat([branch3x3dbl_3a, branch3x3dbl_3b], dim=1)
        pool = self.pool(identity)
        branch_pool = self.branch_pool(pool)
        x = torch.cat([x, branch3x3, branch3x3dbl, branch_pool], dim=1)
        return x


class InceptionAuxV3(nn.Module):
    """Inception v3's auxiliary classifier on the 17x17 grid - 5x5 stride-3 average pooling, 1x1 and 5x5 convs, linear."""

    def __init__(self, in_channels: int, num_classes: int) -> None:
        super().__init__()
        self.pool = nn.AvgPool2d(kernel_size=5, stride=3)
        self.conv0 = BasicConv2d(in_channels, out_channels=128, kernel_size=1)
        self.conv1 = BasicConv2d(128, out_channels=768, kernel_size=5)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(768, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(x)
        x = self.conv0(x)
        x = self.conv1(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return x


class GoogLeNet(nn.Module):
    """The Inception family: parallel branches of convolutions (and pooling) concatenated along channels, every
    convolution a conv + batch norm (eps 1e-3) + ReLU as torchvision writes it (BasicConv2d). Input (N, 3, 224,
    224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = BasicConv2d(3, out_channels=64, kernel_size=7, stride=2, padding=3)  # (N, 64, 112, 112)
        self.maxpool1 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 64, 56, 56)
        self.conv2 = BasicConv2d(64, out_channels=64, kernel_size=1)  # (N, 64, 56, 56)
        self.conv3 = BasicConv2d(64, out_channels=192, kernel_size=3, padding=1)  # (N, 192, 56, 56)
        self.maxpool2 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 192, 28, 28)
        self.inception3a = Inception(
            192, ch1x1=64, ch3x3red=96, ch3x3=128, ch5x5red=16, ch5x5=32, pool_proj=32
        )  # (N, 256, 28, 28)
        self.inception3b = Inception(
            256, ch1x1=128, ch3x3red=128, ch3x3=192, ch5x5red=32, ch5x5=96, pool_proj=64
        )  # (N, 480, 28, 28)
        self.maxpool3 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 480, 14, 14)
        self.inception4a = Inception(
            480, ch1x1=192, ch3x3red=96, ch3x3=208, ch5x5red=16, ch5x5=48, pool_proj=64
        )  # (N, 512, 14, 14)
        self.inception4b = Inception(
            512, ch1x1=160, ch3x3red=112, ch3x3=224, ch5x5red=24, ch5x5=64, pool_proj=64
        )  # (N, 512, 14, 14)
        self.inception4c = Inception(
            512, ch1x1=128, ch3x3red=128, ch3x3=256, ch5x5red=24, ch5x5=64, pool_proj=64
        )  # (N, 512, 14, 14)
        self.inception4d = Inception(
            512, ch1x1=112, ch3x3red=144, ch3x3=288, ch5x5red=32, ch5x5=64, pool_proj=64
        )  # (N, 528, 14, 14)
        self.inception4e = Inception(
            528, ch1x1=256, ch3x3red=160, ch3x3=320, ch5x5red=32, ch5x5=128, pool_proj=128
        )  # (N, 832, 14, 14)
        self.maxpool4 = nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)  # (N, 832, 7, 7)
        self.inception5a = Inception(
            832, ch1x1=256, ch3x3red=160, ch3x3=320, ch5x5red=32, ch5x5=128, pool_proj=128
        )  # (N, 832, 7, 7)
        self.inception5b = Inception(
            832, ch1x1=384, ch3x3red=192, ch3x3=384, ch5x5red=48, ch5x5=128, pool_proj=128
        )  # (N, 1024, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 1024, 1, 1)
        self.dropout = nn.Dropout(p=0.2)  # (N, 1024)
        self.fc = nn.Linear(1024, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)
        x = self.maxpool1(x)
        x = self.conv2(x)
        x = self.conv3(x)
        x = self.maxpool2(x)
        x = self.inception3a(x)
        x = self.inception3b(x)
        x = self.maxpool3(x)
        x = self.inception4a(x)
        x = self.inception4b(x)
        x = self.inception4c(x)
        x = self.inception4d(x)
        x = self.inception4e(x)
        x = self.maxpool4(x)
        x = self.inception5a(x)
        x = self.inception5b(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.dropout(x)
        x = self.fc(x)
        return x


class GoogLeNetAux(nn.Module):
    """GoogLeNet with its two auxiliary classifiers (on inception4a and inception4d) as torchvision builds it with
    aux_logits=True; they run in train mode only, their losses weighted 0.3 as in the paper. Input (N, 3, 224, 224).
    In train mode it returns (logits, aux2, aux1).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = BasicConv2d(3, out_channels=64, kernel_size=7, stride=2, padding=3)  # (N, 64, 112, 112)
        self.maxpool1 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 64, 56, 56)
        self.conv2 = BasicConv2d(64, out_channels=64, kernel_size=1)  # (N, 64, 56, 56)
        self.conv3 = BasicConv2d(64, out_channels=192, kernel_size=3, padding=1)  # (N, 192, 56, 56)
        self.maxpool2 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 192, 28, 28)
        self.inception3a = Inception(
            192, ch1x1=64, ch3x3red=96, ch3x3=128, ch5x5red=16, ch5x5=32, pool_proj=32
        )  # (N, 256, 28, 28)
        self.inception3b = Inception(
            256, ch1x1=128, ch3x3red=128, ch3x3=192, ch5x5red=32, ch5x5=96, pool_proj=64
        )  # (N, 480, 28, 28)
        self.maxpool3 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 480, 14, 14)
        self.inception4a = Inception(
            480, ch1x1=192, ch3x3red=96, ch3x3=208, ch5x5red=16, ch5x5=48, pool_proj=64
        )  # (N, 512, 14, 14)
        self.aux1 = InceptionAux(512, num_classes=num_classes)  # (N, 1000)
        self.inception4b = Inception(
            512, ch1x1=160, ch3x3red=112, ch3x3=224, ch5x5red=24, ch5x5=64, pool_proj=64
        )  # (N, 512, 14, 14)
        self.inception4c = Inception(
            512, ch1x1=128, ch3x3red=128, ch3x3=256, ch5x5red=24, ch5x5=64, pool_proj=64
        )  # (N, 512, 14, 14)
        self.inception4d = Inception(
            512, ch1x1=112, ch3x3red=144, ch3x3=288, ch5x5red=32, ch5x5=64, pool_proj=64
        )  # (N, 528, 14, 14)
        self.aux2 = InceptionAux(528, num_classes=num_classes)  # (N, 1000)
        self.inception4e = Inception(
            528, ch1x1=256, ch3x3red=160, ch3x3=320, ch5x5red=32, ch5x5=128, pool_proj=128
        )  # (N, 832, 14, 14)
        self.maxpool4 = nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)  # (N, 832, 7, 7)
        self.inception5a = Inception(
            832, ch1x1=256, ch3x3red=160, ch3x3=320, ch5x5red=32, ch5x5=128, pool_proj=128
        )  # (N, 832, 7, 7)
        self.inception5b = Inception(
            832, ch1x1=384, ch3x3red=192, ch3x3=384, ch5x5red=48, ch5x5=128, pool_proj=128
        )  # (N, 1024, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 1024, 1, 1)
        self.dropout = nn.Dropout(p=0.2)  # (N, 1024)
        self.fc = nn.Linear(1024, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | torch.Tensor:
        x = self.conv1(x)
        x = self.maxpool1(x)
        x = self.conv2(x)
        x = self.conv3(x)
        x = self.maxpool2(x)
        x = self.inception3a(x)
        x = self.inception3b(x)
        x = self.maxpool3(x)
        x = self.inception4a(x)
        aux1 = self.aux1(x) if self.training else None
        x = self.inception4b(x)
        x = self.inception4c(x)
        x = self.inception4d(x)
        aux2 = self.aux2(x) if self.training else None
        x = self.inception4e(x)
        x = self.maxpool4(x)
        x = self.inception5a(x)
        x = self.inception5b(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.dropout(x)
        x = self.fc(x)
        return (x, aux2, aux1) if self.training else x


class BNInception(nn.Module):
    """Inception v2 of the batch-normalisation paper (its Figure 5): GoogLeNet with batch norm after every convolution,
    each 5x5 replaced by two 3x3, and stride-2 modules (3c, 4e) in place of max pooling between stages. Input (N, 3,
    224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = BasicConv2d(3, out_channels=64, kernel_size=7, stride=2, padding=3)  # (N, 64, 112, 112)
        self.maxpool1 = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)  # (N, 64, 56, 56)
        self.conv2_reduce = BasicConv2d(64, out_channels=64, kernel_size=1)  # (N, 64, 56, 56)
        self.conv2 = BasicConv2d(64, out_channels=192, kernel_size=3, padding=1)  # (N, 192, 56, 56)
        self.maxpool2 = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)  # (N, 192, 28, 28)
        self.inception3a = BNInceptionModule(
            192, ch1x1=64, ch3x3red=64, ch3x3=64, dbl_red=64, dbl=96, pool_proj=32
        )  # (N, 256, 28, 28)
        self.inception3b = BNInceptionModule(
            256, ch1x1=64, ch3x3red=64, ch3x3=96, dbl_red=64, dbl=96, pool_proj=64
        )  # (N, 320, 28, 28)
        self.inception3c = BNInceptionReduce(320, ch3x3red=128, ch3x3=160, dbl_red=64, dbl=96)  # (N, 576, 14, 14)
        self.inception4a = BNInceptionModule(
            576, ch1x1=224, ch3x3red=64, ch3x3=96, dbl_red=96, dbl=128, pool_proj=128
        )  # (N, 576, 14, 14)
        self.inception4b = BNInceptionModule(
            576, ch1x1=192, ch3x3red=96, ch3x3=128, dbl_red=96, dbl=128, pool_proj=128
        )  # (N, 576, 14, 14)
        self.inception4c = BNInceptionModule(
            576, ch1x1=160, ch3x3red=128, ch3x3=160, dbl_red=128, dbl=160, pool_proj=128
        )  # (N, 608, 14, 14)
        self.inception4d = BNInceptionModule(
            608, ch1x1=96, ch3x3red=128, ch3x3=192, dbl_red=160, dbl=192, pool_proj=128
        )  # (N, 608, 14, 14)
        self.inception4e = BNInceptionReduce(608, ch3x3red=128, ch3x3=192, dbl_red=192, dbl=256)  # (N, 1056, 7, 7)
        self.inception5a = BNInceptionModule(
            1056, ch1x1=352, ch3x3red=192, ch3x3=320, dbl_red=160, dbl=224, pool_proj=128
        )  # (N, 1024, 7, 7)
        self.inception5b = BNInceptionModule(
            1024, ch1x1=352, ch3x3red=192, ch3x3=320, dbl_red=192, dbl=224, pool_proj=128, pool="max"
        )  # (N, 1024, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 1024, 1, 1)
        self.fc = nn.Linear(1024, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)
        x = self.maxpool1(x)
        x = self.conv2_reduce(x)
        x = self.conv2(x)
        x = self.maxpool2(x)
        x = self.inception3a(x)
        x = self.inception3b(x)
        x = self.inception3c(x)
        x = self.inception4a(x)
        x = self.inception4b(x)
        x = self.inception4c(x)
        x = self.inception4d(x)
        x = self.inception4e(x)
        x = self.inception5a(x)
        x = self.inception5b(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return x


class Inception3(nn.Module):
    """Inception v3 as torchvision lays it out (and paddle.vision without the auxiliary head): a 299x299 stem, three
    35x35 InceptionA, a grid reduction, four 17x17 InceptionC with factorised 7x7, a second reduction, two 8x8
    InceptionE, global average pooling, dropout and a linear classifier. Input (N, 3, 299, 299).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.Conv2d_1a_3x3 = BasicConv2d(3, out_channels=32, kernel_size=3, stride=2)  # (N, 32, 149, 149)
        self.Conv2d_2a_3x3 = BasicConv2d(32, out_channels=32, kernel_size=3)  # (N, 32, 147, 147)
        self.Conv2d_2b_3x3 = BasicConv2d(32, out_channels=64, kernel_size=3, padding=1)  # (N, 64, 147, 147)
        self.maxpool1 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 64, 73, 73)
        self.Conv2d_3b_1x1 = BasicConv2d(64, out_channels=80, kernel_size=1)  # (N, 80, 73, 73)
        self.Conv2d_4a_3x3 = BasicConv2d(80, out_channels=192, kernel_size=3)  # (N, 192, 71, 71)
        self.maxpool2 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 192, 35, 35)
        self.Mixed_5b = InceptionA(192, pool_features=32)  # (N, 256, 35, 35)
        self.Mixed_5c = InceptionA(256, pool_features=64)  # (N, 288, 35, 35)
        self.Mixed_5d = InceptionA(288, pool_features=64)  # (N, 288, 35, 35)
        self.Mixed_6a = InceptionB(288)  # (N, 768, 17, 17)
        self.Mixed_6b = InceptionC(768, channels_7x7=128)  # (N, 768, 17, 17)
        self.Mixed_6c = InceptionC(768, channels_7x7=160)  # (N, 768, 17, 17)
        self.Mixed_6d = InceptionC(768, channels_7x7=160)  # (N, 768, 17, 17)
        self.Mixed_6e = InceptionC(768, channels_7x7=192)  # (N, 768, 17, 17)
        self.Mixed_7a = InceptionD(768)  # (N, 1280, 8, 8)
        self.Mixed_7b = InceptionE(1280)  # (N, 2048, 8, 8)
        self.Mixed_7c = InceptionE(2048)  # (N, 2048, 8, 8)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 2048, 1, 1)
        self.dropout = nn.Dropout(p=0.5)  # (N, 2048, 1, 1)
        self.fc = nn.Linear(2048, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.Conv2d_1a_3x3(x)
        x = self.Conv2d_2a_3x3(x)
        x = self.Conv2d_2b_3x3(x)
        x = self.maxpool1(x)
        x = self.Conv2d_3b_1x1(x)
        x = self.Conv2d_4a_3x3(x)
        x = self.maxpool2(x)
        x = self.Mixed_5b(x)
        x = self.Mixed_5c(x)
        x = self.Mixed_5d(x)
        x = self.Mixed_6a(x)
        x = self.Mixed_6b(x)
        x = self.Mixed_6c(x)
        x = self.Mixed_6d(x)
        x = self.Mixed_6e(x)
        x = self.Mixed_7a(x)
        x = self.Mixed_7b(x)
        x = self.Mixed_7c(x)
        x = self.avgpool(x)
        x = self.dropout(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return x


class Inception3Aux(nn.Module):
    """Inception v3 with its auxiliary classifier on the 17x17 grid (torchvision's AuxLogits, aux_logits=True); it runs
    in train mode only, its loss weighted 0.4 as in torchvision's reference training recipe. Input (N, 3, 299, 299).
    In train mode it returns (logits, AuxLogits).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.Conv2d_1a_3x3 = BasicConv2d(3, out_channels=32, kernel_size=3, stride=2)  # (N, 32, 149, 149)
        self.Conv2d_2a_3x3 = BasicConv2d(32, out_channels=32, kernel_size=3)  # (N, 32, 147, 147)
        self.Conv2d_2b_3x3 = BasicConv2d(32, out_channels=64, kernel_size=3, padding=1)  # (N, 64, 147, 147)
        self.maxpool1 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 64, 73, 73)
        self.Conv2d_3b_1x1 = BasicConv2d(64, out_channels=80, kernel_size=1)  # (N, 80, 73, 73)
        self.Conv2d_4a_3x3 = BasicConv2d(80, out_channels=192, kernel_size=3)  # (N, 192, 71, 71)
        self.maxpool2 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 192, 35, 35)
        self.Mixed_5b = InceptionA(192, pool_features=32)  # (N, 256, 35, 35)
        self.Mixed_5c = InceptionA(256, pool_features=64)  # (N, 288, 35, 35)
        self.Mixed_5d = InceptionA(288, pool_features=64)  # (N, 288, 35, 35)
        self.Mixed_6a = InceptionB(288)  # (N, 768, 17, 17)
        self.Mixed_6b = InceptionC(768, channels_7x7=128)  # (N, 768, 17, 17)
        self.Mixed_6c = InceptionC(768, channels_7x7=160)  # (N, 768, 17, 17)
        self.Mixed_6d = InceptionC(768, channels_7x7=160)  # (N, 768, 17, 17)
        self.Mixed_6e = InceptionC(768, channels_7x7=192)  # (N, 768, 17, 17)
        self.AuxLogits = InceptionAuxV3(768, num_classes=num_classes)  # (N, 1000)
        self.Mixed_7a = InceptionD(768)  # (N, 1280, 8, 8)
        self.Mixed_7b = InceptionE(1280)  # (N, 2048, 8, 8)
        self.Mixed_7c = InceptionE(2048)  # (N, 2048, 8, 8)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 2048, 1, 1)
        self.dropout = nn.Dropout(p=0.5)  # (N, 2048, 1, 1)
        self.fc = nn.Linear(2048, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor] | torch.Tensor:
        x = self.Conv2d_1a_3x3(x)
        x = self.Conv2d_2a_3x3(x)
        x = self.Conv2d_2b_3x3(x)
        x = self.maxpool1(x)
        x = self.Conv2d_3b_1x1(x)
        x = self.Conv2d_4a_3x3(x)
        x = self.maxpool2(x)
        x = self.Mixed_5b(x)
        x = self.Mixed_5c(x)
        x = self.Mixed_5d(x)
        x = self.Mixed_6a(x)
        x = self.Mixed_6b(x)
        x = self.Mixed_6c(x)
        x = self.Mixed_6d(x)
        x = self.Mixed_6e(x)
        AuxLogits = self.AuxLogits(x) if self.training else None
        x = self.Mixed_7a(x)
        x = self.Mixed_7b(x)
        x = self.Mixed_7c(x)
        x = self.avgpool(x)
        x = self.dropout(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return (x, AuxLogits) if self.training else x
