paddle.seed(0)
np.random.seed(0)
D = "data/digits"
train_x, train_y = np.load(f"{D}/train/x.npy"), np.load(f"{D}/train/y.npy")   # (1047, 1, 8, 8), (1047,)
val_x, val_y = np.load(f"{D}/val/x.npy"), np.load(f"{D}/val/y.npy")           # (300, 1, 8, 8)
os.makedirs("deploy/model", exist_ok=True)
