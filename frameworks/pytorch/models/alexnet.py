"""alexnet: generated from shared_specs/specs/alexnet.yaml by `rosetta render`; do not edit.

AlexNet: AlexNet as torchvision lays it out (the one-tower "one weird trick" widths 64-192-384-256-256, no LRN,
adaptive 6x6 pooling, dropout before each hidden linear); its `features` / `classifier` numbering.
    Source: Krizhevsky. One weird trick for parallelizing convolutional neural networks. 2014;
    torchvision.models.alexnet
    alexnet: AlexNet(num_classes=1000) has 61,100,840 parameters; published 61,100,840.
AlexNetSingleTower: The paper's AlexNet on a 227x227 input (so that the 11x11 stride-4 convolution gives 55x55):
widths 96-256-384-384-256, local response normalisation after conv1 and conv2 (n=5, k=2, alpha=1e-4 on the sum,
written 5e-4 here because the spec follows PyTorch in dividing alpha by the window size, beta=0.75), overlapping 3x3
stride-2 max pooling, dropout after fc6 and fc7; both towers as one.
    Source: Krizhevsky, Sutskever, Hinton. ImageNet Classification with Deep Convolutional Neural Networks. NIPS
    2012
    alexnet_single_tower: AlexNetSingleTower(num_classes=1000) has 62,378,344 parameters; published 62,378,344.
    alexnet_cifar10: AlexNetSingleTower(num_classes=10) has 58,322,314 parameters; published 58,322,314.
AlexNetTwoTower: The paper's two-GPU AlexNet: conv2, conv4 and conv5 see only their own tower's half of the channels
(groups=2); conv3 and the fully connected layers see both. Otherwise as the single tower (LRN windows run across the
tower boundary here, which the paper's per-GPU LRN did not).
    Source: Krizhevsky, Sutskever, Hinton. ImageNet Classification with Deep Convolutional Neural Networks. NIPS
    2012
    alexnet_two_tower: AlexNetTwoTower(num_classes=1000) has 60,965,224 parameters; published 60,965,224.
Rendered for torch."""

import torch
import torch.nn.functional as F
from torch import nn


class AlexNet(nn.Module):
    """AlexNet as torchvision lays it out (the one-tower "one weird trick" widths 64-192-384-256-256, no LRN, adaptive
    6x6 pooling, dropout before each hidden linear); its `features` / `classifier` numbering. Input (N, 3, 224,
    224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(64, 192, kernel_size=5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(192, 384, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv2d(384, 256, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv2d(256, 256, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )  # (N, 256, 6, 6)
        self.avgpool = nn.AdaptiveAvgPool2d(6)  # (N, 256, 6, 6)
        self.classifier = nn.Sequential(
            nn.Dropout(p=0.5),
            nn.Linear(256 * 6 * 6, 4096),
            nn.ReLU(),
            nn.Dropout(p=0.5),
            nn.Linear(4096, 4096),
            nn.ReLU(),
            nn.Linear(4096, num_classes),
        )  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x


class AlexNetSingleTower(nn.Module):
    """The paper's AlexNet on a 227x227 input (so that the 11x11 stride-4 convolution gives 55x55): widths
    96-256-384-384-256, local response normalisation after conv1 and conv2 (n=5, k=2, alpha=1e-4 on the sum, written
    5e-4 here because the spec follows PyTorch in dividing alpha by the window size, beta=0.75), overlapping 3x3
    stride-2 max pooling, dropout after fc6 and fc7; both towers as one. Input (N, 3, 227, 227).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 96, kernel_size=11, stride=4)  # (N, 96, 55, 55)
        self.norm1 = nn.LocalResponseNorm(5, alpha=0.0005, k=2.0)  # (N, 96, 55, 55)
        self.pool1 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 96, 27, 27)
        self.conv2 = nn.Conv2d(96, 256, kernel_size=5, padding=2)  # (N, 256, 27, 27)
        self.norm2 = nn.LocalResponseNorm(5, alpha=0.0005, k=2.0)  # (N, 256, 27, 27)
        self.pool2 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 256, 13, 13)
        self.conv3 = nn.Conv2d(256, 384, kernel_size=3, padding=1)  # (N, 384, 13, 13)
        self.conv4 = nn.Conv2d(384, 384, kernel_size=3, padding=1)  # (N, 384, 13, 13)
        self.conv5 = nn.Conv2d(384, 256, kernel_size=3, padding=1)  # (N, 256, 13, 13)
        self.pool5 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 256, 6, 6)
        self.fc6 = nn.Linear(256 * 6 * 6, 4096)  # (N, 4096)
        self.drop6 = nn.Dropout(p=0.5)  # (N, 4096)
        self.fc7 = nn.Linear(4096, 4096)  # (N, 4096)
        self.drop7 = nn.Dropout(p=0.5)  # (N, 4096)
        self.fc8 = nn.Linear(4096, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv1(x))
        x = self.norm1(x)
        x = self.pool1(x)
        x = F.relu(self.conv2(x))
        x = self.norm2(x)
        x = self.pool2(x)
        x = F.relu(self.conv3(x))
        x = F.relu(self.conv4(x))
        x = F.relu(self.conv5(x))
        x = self.pool5(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc6(x))
        x = self.drop6(x)
        x = F.relu(self.fc7(x))
        x = self.drop7(x)
        x = self.fc8(x)
        return x


class AlexNetTwoTower(nn.Module):
    """The paper's two-GPU AlexNet: conv2, conv4 and conv5 see only their own tower's half of the channels (groups=2);
    conv3 and the fully connected layers see both. Otherwise as the single tower (LRN windows run across the tower
    boundary here, which the paper's per-GPU LRN did not). Input (N, 3, 227, 227).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 96, kernel_size=11, stride=4)  # (N, 96, 55, 55)
        self.norm1 = nn.LocalResponseNorm(5, alpha=0.0005, k=2.0)  # (N, 96, 55, 55)
        self.pool1 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 96, 27, 27)
        self.conv2 = nn.Conv2d(96, 256, kernel_size=5, padding=2, groups=2)  # (N, 256, 27, 27)
        self.norm2 = nn.LocalResponseNorm(5, alpha=0.0005, k=2.0)  # (N, 256, 27, 27)
        self.pool2 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 256, 13, 13)
        self.conv3 = nn.Conv2d(256, 384, kernel_size=3, padding=1)  # (N, 384, 13, 13)
        self.conv4 = nn.Conv2d(384, 384, kernel_size=3, padding=1, groups=2)  # (N, 384, 13, 13)
        self.conv5 = nn.Conv2d(384, 256, kernel_size=3, padding=1, groups=2)  # (N, 256, 13, 13)
        self.pool5 = nn.MaxPool2d(kernel_size=3, stride=2)  # (N, 256, 6, 6)
        self.fc6 = nn.Linear(256 * 6 * 6, 4096)  # (N, 4096)
        self.drop6 = nn.Dropout(p=0.5)  # (N, 4096)
        self.fc7 = nn.Linear(4096, 4096)  # (N, 4096)
        self.drop7 = nn.Dropout(p=0.5)  # (N, 4096)
        self.fc8 = nn.Linear(4096, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv1(x))
        x = self.norm1(x)
        x = self.pool1(x)
        x = F.relu(self.conv2(x))
        x = self.norm2(x)
        x = self.pool2(x)
        x = F.relu(self.conv3(x))
        x = F.relu(self.conv4(x))
        x = F.relu(self.conv5(x))
        x = self.pool5(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc6(x))
        x = self.drop6(x)
        x = F.relu(self.fc7(x))
        x = self.drop7(x)
        x = self.fc8(x)
        return x
