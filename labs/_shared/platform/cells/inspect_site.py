import hashlib
import urllib.request


def inspect_site(url, folder):
    ### BEGIN SOLUTION
    def get(path):
        try:
            with urllib.request.urlopen(url + path, timeout=2) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, None
        except (urllib.error.URLError, OSError, ValueError):
            return None, None

    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    health, _ = get("/health")
    status, doc = get("/version")
    mismatches = set()
    for release in manifest["released"].values():
        for rel, meta in release["files"].items():
            path = os.path.join(folder, rel)
            if not os.path.isfile(path) or hashlib.sha256(open(path, "rb").read()).hexdigest() != meta["sha256"]:
                mismatches.add(rel)
    try:
        s, answer, _ = post(url + "/predict", {"pixels": manifest["smoke_test"]["pixels"]}, timeout=2)
        smoke = s == 200 and isinstance(answer, dict) and answer.get("label") == manifest["smoke_test"]["expected"]
    except (urllib.error.URLError, OSError):
        smoke = False
    ok, total, bad, errors = [], 0, 0, 0
    with open(os.path.join(folder, "logs", "service.log")) as f:
        for line in f:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                rec = None
            if not isinstance(rec, dict) or "status" not in rec:
                bad += 1
                continue
            total += 1
            if rec["status"] == "ok":
                ok.append(rec["latency_ms"])
            elif rec["status"] == "error":
                errors += 1
    return {"health": health, "version_live": doc.get("version") if isinstance(doc, dict) else None,
            "version_config": config["active_version"], "released": config["active_version"] in manifest["released"],
            "checksum_mismatches": sorted(mismatches), "smoke_ok": bool(smoke),
            "p95_ms": round(float(np.percentile(ok, 95)), 2), "error_rate": round(errors / total, 4), "bad_lines": bad}
    ### END SOLUTION
