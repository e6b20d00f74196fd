# %include digits_data.py
if not os.path.exists("deploy/serve.py"):  # 服务模板，只复制一次 / the service template, copied once, never overwritten
    shutil.copy("templates/serve.py", "deploy/serve.py")
PORT = int(os.environ.get("PORT", "8080"))
print(train_x.shape, val_x.shape, "your PORT:", PORT)
