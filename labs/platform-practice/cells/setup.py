import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
from labkit import metrics, plots

D = "data/digits"
val_x, val_y = np.load(f"{D}/val/x.npy"), np.load(f"{D}/val/y.npy")
os.makedirs("deploy/model", exist_ok=True)
os.makedirs("models", exist_ok=True)
if not os.path.exists("deploy/serve.py"):  # 服务模板，只复制一次 / the service template, copied once
    shutil.copy("templates/serve.py", "deploy/serve.py")
PORT = int(os.environ.get("PORT", "8080"))
import onnxruntime as ort

ort.set_default_logger_severity(3)
