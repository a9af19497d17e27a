"""One package per framework behind `base.Framework`, and their rendered models.

Importing this package makes a later `import paddle` safe beside TensorFlow in the same process
(see paddlepaddle/coexist.py), so rendered Keras and Paddle models can be used together in any order.
"""

from .paddlepaddle.coexist import install

install()
