"""形状分割脚本 / Shape segmentation script (exercise 03).

    python segment.py <images.npy> <masks.npy>

输入：uint8 [N, 64, 64, 3] 场景图像。输出：uint8 [N, 64, 64] 每个像素的类别（0 背景，1 圆，2 方，3 三角）。
Input: uint8 [N, 64, 64, 3] scenes. Output: uint8 [N, 64, 64], the class of every pixel
(0 background, 1 circle, 2 square, 3 triangle).

流程 Pipeline: detect.foreground() 前景 → 连通域 connected components (scipy.ndimage.label) →
每个连通域裁剪后用分类器分类 classify each component's crop → 该连通域的像素都标为这一类 all its pixels get that class.
"""

import sys

import numpy as np
from scipy import ndimage

from detect import crop, foreground, load_model


def segment(images, model, min_area=20):
    """uint8 [N, 64, 64]：前景中每个像素数 >= min_area 的 4-连通域，整体标为分类器对其外接框裁剪图给出的类别（标签 + 1）；其余为 0。
    uint8 [N, 64, 64]: every 4-connected foreground component of at least min_area pixels gets,
    on all its pixels, the class the classifier gives the crop of its box (label + 1); the rest is 0."""
    ### BEGIN SOLUTION
    import paddle

    out = np.zeros(np.shape(images)[:3], np.uint8)
    where, crops = [], []
    for i, image in enumerate(images):
        labels, _ = ndimage.label(foreground(image))
        for k, sl in enumerate(ndimage.find_objects(labels), start=1):
            if sl is None or int((labels[sl] == k).sum()) < min_area:
                continue
            where.append((i, labels == k))
            crops.append(crop(image, [sl[1].start, sl[0].start, sl[1].stop, sl[0].stop]))
    if crops:
        with paddle.no_grad():
            classes = model(paddle.to_tensor(np.stack(crops).astype(np.float32))).numpy().argmax(axis=1) + 1
        for (i, pixels), cls in zip(where, classes):
            out[i][pixels] = cls
    return out
    ### END SOLUTION


if __name__ == "__main__":
    np.save(sys.argv[2], segment(np.load(sys.argv[1], allow_pickle=False), load_model()))
