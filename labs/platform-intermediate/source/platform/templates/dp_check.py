"""数据并行检查 / a data-parallel check. Run it on 2 CPU processes:

    python -m paddle.distributed.launch --nproc_per_node 2 --log_dir dist_log dp_check.py dist_out

Each process (rank) takes its shard of the first 256 training digits (every world-th sample from
its rank), computes the gradient of a linear classifier through paddle.DataParallel, and writes
dist_out/rank<r>.json: rank, world, the all_reduce (sum) of rank + 1, its shard's size, and the
largest difference between the data-parallel gradient and the full-batch gradient of one process.
"""
import json
import os
import sys

import numpy as np
import paddle
import paddle.distributed as dist


def main(out_dir):
    dist.init_parallel_env()
    rank, world = dist.get_rank(), dist.get_world_size()
    x = np.load("data/digits/train/x.npy")[:256].reshape(256, -1)
    y = np.load("data/digits/train/y.npy")[:256]
    paddle.seed(0)
    model = paddle.nn.Linear(64, 10)
    dp = paddle.DataParallel(model)
    # YOUR CODE HERE
    raise NotImplementedError()
    grad = model.weight.grad.numpy()
    ref = paddle.nn.Linear(64, 10)  # the full batch on one process, from the same weights
    ref.set_state_dict(model.state_dict())
    paddle.nn.functional.cross_entropy(ref(paddle.to_tensor(x)), paddle.to_tensor(y)).backward()
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, f"rank{rank}.json"), "w") as f:
        json.dump({"rank": rank, "world": world, "allreduce": float(total.numpy()[0]), "shard": int(len(shard)),
                   "grad_diff": float(np.abs(grad - ref.weight.grad.numpy()).max())}, f)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "dist_out")
