# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # Digits: fit a nearest-centroid model for deploy/ / 拟合模型并部署

# %% nbgrader={"grade_id": "fit", "grade": false, "solution": true, "locked": false}
import os

import numpy as np

### BEGIN SOLUTION
x = np.load("data/digits/train/x.npy").reshape(-1, 64)
y = np.load("data/digits/train/y.npy")
os.makedirs("deploy", exist_ok=True)
np.save("deploy/centroids.npy", np.stack([x[y == k].mean(0) for k in range(10)]))
### END SOLUTION
