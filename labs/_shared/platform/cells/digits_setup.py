paddle.seed(0)
np.random.seed(0)
D = "data/digits"
train_x, train_y = np.load(f"{D}/train/x.npy"), np.load(f"{D}/train/y.npy")   # (1047, 1, 8, 8), (1047,)
val_x, val_y = np.load(f"{D}/val/x.npy"), np.load(f"{D}/val/y.npy")           # (300, 1, 8, 8)
os.makedirs("deploy/model", exist_ok=True)
if not os.path.exists("deploy/serve.py"):  # 服务模板，只复制一次 / the service template, copied once, never overwritten
    shutil.copy("templates/serve.py", "deploy/serve.py")
PORT = int(os.environ.get("PORT", "8080"))
print(train_x.shape, val_x.shape, "your PORT:", PORT)
