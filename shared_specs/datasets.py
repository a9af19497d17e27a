"""Training data without downloads: readers for the files users already have (MNIST's IDX, CIFAR-10's
binary batches) and a bundled default, scikit-learn's handwritten digits, fit to a spec's input shape.

Images are float32 NCHW in [0, 1] (seed 002's `transforms.ToTensor()`), labels int64. A file that is not
what its name says is refused in one line naming the file and what was expected.
"""

from __future__ import annotations

import gzip
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import RosettaError

Shape = tuple[int, ...]

# IDX's type byte -> big-endian NumPy dtype (http://yann.lecun.com/exdb/mnist/, "THE IDX FILE FORMAT")
IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
MNIST_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
               "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
CIFAR_TRAIN = tuple(f"data_batch_{i}.bin" for i in range(1, 6))
CIFAR_TEST = "test_batch.bin"
CIFAR_RECORD = 1 + 3 * 32 * 32  # a label byte, then the red, green and blue 32x32 planes
DIGITS_TEST_EVERY = 5  # the bundled digits' fixed split: sample i is a test sample when i % 5 == 4
DIGIT_BOX = 20 / 28  # MNIST's framing: a digit fills a 20x20 box centred in its 28x28 image
MAX_DATA_BYTES = 4 * 2**30
LUMINANCE = np.array([0.299, 0.587, 0.114], np.float32)  # ITU-R BT.601, for colour data fed to a grey net


class DataError(RosettaError):
    """A data file or folder that cannot be read as the dataset it should hold."""


@dataclass(frozen=True)
class Dataset:
    name: str
    source: str  # where the images came from
    transform: str  # how they were fit to the spec's input, for reports
    train_images: np.ndarray  # (N, C, H, W) float32 in [0, 1]
    train_labels: np.ndarray  # (N,) int64
    test_images: np.ndarray
    test_labels: np.ndarray

    @property
    def classes(self) -> int:
        return int(max(self.train_labels.max(), self.test_labels.max())) + 1


def read_idx(path: Path) -> np.ndarray:
    """An IDX file (optionally gzipped) as an array of its declared shape and type."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in IDX_TYPES:
        raise DataError(f"{path}: not an IDX file (expected bytes 00 00, a type byte and a rank; "
                        f"got {raw[:4].hex(' ')})")
    rank = raw[3]
    header = 4 + 4 * rank
    if len(raw) < header:
        raise DataError(f"{path}: IDX header declares {rank} dimensions but the file ends after {len(raw)} bytes")
    shape = tuple(int(d) for d in np.frombuffer(raw, ">u4", rank, 4))
    dtype = np.dtype(IDX_TYPES[raw[2]])
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(raw) != expected:
        raise DataError(f"{path}: IDX header says {'x'.join(map(str, shape))} {dtype.name} ({expected} bytes), "
                        f"the file has {len(raw)} bytes")
    return np.frombuffer(raw, dtype, offset=header).reshape(shape)


def _find(folder: Path, name: str) -> Path | None:
    for candidate in (folder / name, folder / f"{name}.gz", folder / "raw" / name, folder / "raw" / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def read_mnist(folder: Path) -> tuple[np.ndarray, ...]:
    """(train images, train labels, test images, test labels) of MNIST (or Fashion-MNIST) IDX files: the
    images as uint8 (N, 1, 28, 28)."""
    out = []
    for split, (images_name, labels_name) in MNIST_FILES.items():
        paths = [_find(folder, images_name), _find(folder, labels_name)]
        if None in paths:
            missing = [name for name, p in zip((images_name, labels_name), paths) if p is None]
            raise DataError(f"{folder}: no {' or '.join(missing)} (or .gz) for the MNIST {split} split")
        images, labels = read_idx(paths[0]), read_idx(paths[1])
        if images.ndim != 3 or images.dtype != np.uint8:
            raise DataError(f"{paths[0]}: expected uint8 images N x H x W, got {images.dtype.name} "
                            f"{'x'.join(map(str, images.shape))}")
        if labels.shape != images.shape[:1]:
            raise DataError(f"{paths[1]}: {labels.size} labels for the {images.shape[0]} images of {paths[0].name}")
        out += [images[:, None], labels.astype(np.int64)]
    return tuple(out)


def _read_cifar_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    raw = path.read_bytes()
    if not raw or len(raw) % CIFAR_RECORD:
        raise DataError(f"{path}: a CIFAR-10 binary batch holds records of {CIFAR_RECORD} bytes (a label and "
                        f"3x32x32 pixels); {len(raw)} bytes is not a whole number of them")
    records = np.frombuffer(raw, np.uint8).reshape(-1, CIFAR_RECORD)
    labels = records[:, 0].astype(np.int64)
    if labels.max() > 9:
        row = int(np.argmax(labels > 9))
        raise DataError(f"{path}: record {row} has label {labels[row]}; CIFAR-10 labels are 0..9")
    return records[:, 1:].reshape(-1, 3, 32, 32), labels


def read_cifar10(folder: Path) -> tuple[np.ndarray, ...]:
    """CIFAR-10's binary version (`data_batch_N.bin`, `test_batch.bin`; not the pickled Python one, which
    Rosetta never unpickles): the train batches that are present, and the test batch."""
    if (folder / "cifar-10-batches-bin").is_dir():
        folder = folder / "cifar-10-batches-bin"
    train = [folder / name for name in CIFAR_TRAIN if (folder / name).is_file()]
    if not train or not (folder / CIFAR_TEST).is_file():
        raise DataError(f"{folder}: no CIFAR-10 binary batches (data_batch_1.bin ... and {CIFAR_TEST})")
    parts = [_read_cifar_batch(path) for path in train]
    test_images, test_labels = _read_cifar_batch(folder / CIFAR_TEST)
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), test_images, test_labels)


def digits_file() -> Path:
    """scikit-learn's copy of the UCI optical-recognition digits: 1,797 real 8x8 scans, values 0..16."""
    found = importlib.util.find_spec("sklearn")
    if found is None or found.origin is None:
        raise DataError("the bundled digits come with scikit-learn, which is not installed: pip install scikit-learn "
                        "(or give --data DIR with MNIST IDX or CIFAR-10 binary files)")
    return Path(found.origin).parent / "datasets" / "data" / "digits.csv.gz"


def read_digits() -> tuple[np.ndarray, ...]:
    """The digits as float (N, 1, 8, 8) in [0, 1], split by index: every fifth sample is a test sample."""
    table = np.loadtxt(digits_file(), delimiter=",", dtype=np.float64)
    images, labels = (table[:, :64] / 16.0).reshape(-1, 1, 8, 8), table[:, 64].astype(np.int64)
    test = np.arange(len(labels)) % DIGITS_TEST_EVERY == DIGITS_TEST_EVERY - 1
    return images[~test], labels[~test], images[test], labels[test]


def linear_resize_matrix(size_in: int, size_out: int) -> np.ndarray:
    """(size_out, size_in) weights of linear interpolation with half-pixel centres and clamped edges (what
    torch's `interpolate(mode="bilinear", align_corners=False)` and OpenCV's INTER_LINEAR do per axis)."""
    where = np.clip((np.arange(size_out) + 0.5) * size_in / size_out - 0.5, 0, size_in - 1)
    low = np.floor(where).astype(int)
    high = np.minimum(low + 1, size_in - 1)
    matrix = np.zeros((size_out, size_in))
    np.add.at(matrix, (np.arange(size_out), low), 1 - (where - low))
    np.add.at(matrix, (np.arange(size_out), high), where - low)
    return matrix


def resize(images: np.ndarray, height: int, width: int) -> np.ndarray:
    """Bilinear resize of (N, C, H, W), one axis after the other."""
    rows, cols = linear_resize_matrix(images.shape[2], height), linear_resize_matrix(images.shape[3], width)
    return np.einsum("hi,ncij,wj->nchw", rows, images, cols, optimize=True)


def match_channels(images: np.ndarray, channels: int) -> np.ndarray:
    if images.shape[1] == channels:
        return images
    if images.shape[1] == 1:
        return np.repeat(images, channels, axis=1)
    if images.shape[1] == 3 and channels == 1:
        return np.einsum("nchw,c->nhw", images, LUMINANCE)[:, None]
    raise DataError(f"cannot feed {images.shape[1]}-channel images to a spec with {channels} input channels")


def fit_images(images: np.ndarray, shape: Shape) -> np.ndarray:
    """Images (float, [0, 1]) as the spec's input: channels matched, then a bilinear resize where the sizes differ."""
    channels, height, width = shape
    images = match_channels(images.astype(np.float32), channels)
    if images.shape[2:] != (height, width):
        images = resize(images, height, width)
    return np.ascontiguousarray(np.clip(images, 0, 1), dtype=np.float32)


def frame_digits(images: np.ndarray, shape: Shape) -> np.ndarray:
    """The 8x8 digits framed as MNIST frames its digits: resized to a box of 20/28 of the spec's side,
    centred on a black canvas."""
    _, height, width = shape
    box_h, box_w = max(1, round(height * DIGIT_BOX)), max(1, round(width * DIGIT_BOX))
    canvas = np.zeros((len(images), 1, height, width), np.float64)
    top, left = (height - box_h) // 2, (width - box_w) // 2
    canvas[:, :, top:top + box_h, left:left + box_w] = resize(images, box_h, box_w)
    return fit_images(canvas, shape)


def _check_memory(samples: int, shape: Shape, what: str) -> None:
    need = samples * int(np.prod(shape)) * 4
    if need > MAX_DATA_BYTES:
        raise DataError(f"{what}: {samples:,} images fit to {'x'.join(map(str, shape))} would take "
                        f"{need / 2**30:.1f} GiB of float32 (limit {MAX_DATA_BYTES / 2**30:.0f} GiB); "
                        f"rosetta train holds the data in memory")


def load_dataset(folder: str | Path | None, shape: Shape) -> Dataset:
    """The training data for a spec of input `shape`: MNIST IDX or CIFAR-10 binary files in `folder`, or
    the bundled digits when `folder` is None."""
    size = "x".join(map(str, shape))
    if folder is None:
        train_x, train_y, test_x, test_y = read_digits()
        _check_memory(len(train_y) + len(test_y), shape, "the bundled digits")
        return Dataset("digits", str(digits_file()),
                       f"8x8 scans /16, bilinear to a {round(shape[1] * DIGIT_BOX)}-pixel box centred in {size}; "
                       f"every {DIGITS_TEST_EVERY}th sample held out for test",
                       frame_digits(train_x, shape), train_y, frame_digits(test_x, shape), test_y)
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder (--data takes the folder holding MNIST IDX or CIFAR-10 .bin files)")
    if _find(folder, MNIST_FILES["train"][0]) or _find(folder, MNIST_FILES["test"][0]):
        name, arrays = "mnist", read_mnist(folder)
    else:
        name, arrays = "cifar10", read_cifar10(folder)
    train_x, train_y, test_x, test_y = arrays
    _check_memory(len(train_y) + len(test_y), shape, str(folder))
    how = "/255" + ("" if train_x.shape[1:] == tuple(shape) else f", channels and bilinear size fit to {size}")
    return Dataset(name, str(folder), how, fit_images(train_x / np.float32(255), shape), train_y,
                   fit_images(test_x / np.float32(255), shape), test_y)
