sys.path.insert(0, os.path.abspath("app"))
KWS_CARD = json.load(open("components/kws.json", encoding="utf-8"))
INTENT_CARD = json.load(open("components/intent.json", encoding="utf-8"))
VAL_TEXTS = [json.loads(line) for line in open("data/commands_text/val/texts.jsonl", encoding="utf-8")]
VAL_WAVES = np.load("data/speech_commands/val/waves.npy")
VAL_LABELS = np.load("data/speech_commands/val/labels.npy")
GRADING = bool(os.environ.get("PRACTICUM_GRADING"))


def reload_pipeline():
    """app/pipeline.py, freshly imported (after you edit it)."""
    import pipeline
    return importlib.reload(pipeline)


def audio_request(wave, rate=8000):
    return {"audio": base64.b64encode(np.asarray(wave, dtype="<i2").tobytes()).decode(), "sample_rate": rate}


# %include start_service.py


# %include service_client.py


def run_tests(path, Assistant):
    """Runs every test_* function of a pytest-style file with the Assistant class: (names, failures)."""
    import importlib.util
    import traceback
    spec = importlib.util.spec_from_file_location("candidate_tests", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    names = sorted(n for n in dir(mod) if n.startswith("test_") and callable(getattr(mod, n)))
    failures = {}
    for n in names:
        try:
            getattr(mod, n)(Assistant)
        except Exception as exc:  # noqa: BLE001 - a failing test is a result
            failures[n] = f"{type(exc).__name__}: {str(exc)[:150]}"
    return names, failures
