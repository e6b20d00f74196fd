def read_log(path):
    """（已给出 / given）the log's records, a list of dicts, skipping lines that are not valid JSON."""
    records = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    return records
