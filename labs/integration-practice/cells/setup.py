import base64
import importlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import numpy as np
import onnxruntime as ort
import yaml
from labkit.audio import log_mel

# %include ../../_shared/integration/cells/helpers.py


print("components: kws", KWS_CARD["version"], "| intent", INTENT_CARD["version"], INTENT_CARD["input"])
