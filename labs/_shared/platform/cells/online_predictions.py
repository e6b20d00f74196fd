val_req = np.rint(val_x.reshape(len(val_x), -1) * 16).astype(int)
online, ms = [], []
for row in val_req:
    status, doc, sec = post(f"http://127.0.0.1:{PORT}/predict", {"pixels": row.tolist()})
    online.append(doc["label"] if status == 200 else -1)
    ms.append(sec * 1000)
online = np.array(online)
