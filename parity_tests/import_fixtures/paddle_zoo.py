"""paddle.vision's own model classes, pointed at by `rosetta import` as a user would."""

from paddle.vision.models import MobileNetV3Small

__all__ = ["MobileNetV3Small"]
