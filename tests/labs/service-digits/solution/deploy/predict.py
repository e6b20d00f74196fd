"""Offline: predict.py <inputs.npy> <out.npy> with the centroids beside this file."""
import os
import sys

import numpy as np

centroids = np.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "centroids.npy"))
x = np.load(sys.argv[1]).reshape(-1, 64)
np.save(sys.argv[2], ((x[:, None, :] - centroids[None]) ** 2).sum(-1).argmin(1))
