def augment(rng, *batches):
    """The same random multiple-of-90° rotation and horizontal flip of NHWC images and [N, H, W]
    masks alike (a shape keeps its class); one array back per argument."""
    k, flip = int(rng.integers(0, 4)), bool(rng.random() < 0.5)
    out = []
    for b in batches:
        b = np.rot90(b, k, axes=(1, 2))
        out.append(np.ascontiguousarray(b[:, :, ::-1] if flip else b))
    return out if len(out) > 1 else out[0]
