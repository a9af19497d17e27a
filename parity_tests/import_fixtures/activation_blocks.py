"""Block classes given their activation as a class, torchvision's `activation_layer` idiom: a module used with
hard-swish, ReLU and ReLU6, and an nn.Sequential (torchvision's Conv2dNormActivation) with hard-swish and ReLU."""

from torch import nn


class ConvNormActivation(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, stride: int = 1,
                 activation_layer: type[nn.Module] = nn.ReLU) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(out_channels)
        self.act = activation_layer()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class PointwiseNormActivation(nn.Sequential):
    def __init__(self, channels: int, activation_layer: type[nn.Module] = nn.ReLU) -> None:
        super().__init__(nn.Conv2d(channels, channels, 1, bias=False), nn.BatchNorm2d(channels), activation_layer())


class Activations(nn.Module):
    def __init__(self, num_classes: int = 5) -> None:
        super().__init__()
        self.stem = ConvNormActivation(3, 8, stride=2, activation_layer=nn.Hardswish)
        self.body = ConvNormActivation(8, 8)
        self.head = ConvNormActivation(8, 16, activation_layer=nn.ReLU6)
        self.mix = PointwiseNormActivation(16, activation_layer=nn.Hardswish)
        self.mix2 = PointwiseNormActivation(16)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.mix2(self.mix(self.head(self.body(self.stem(x)))))
        return self.fc(self.pool(x).flatten(1))
