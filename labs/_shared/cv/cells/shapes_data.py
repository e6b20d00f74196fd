os.makedirs("models", exist_ok=True)
D = "data/shapes"
KEYS = ("images", "masks", "boxes", "single_images", "single_labels")
train = {k: np.load(f"{D}/train/{k}.npy") for k in KEYS}
val = {k: np.load(f"{D}/val/{k}.npy") for k in KEYS}
