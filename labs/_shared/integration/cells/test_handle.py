p = reload_pipeline()
assistant = p.Assistant("config/assistant.yaml")
out = assistant.handle({"text": "turn on the light", "lang": "en"})
print(out)
assert set(out) >= {"action", "source", "label", "confidence"} and out["source"] == "text"
assert out["label"] == "turn_on" and out["action"] == "device.on"
out = assistant.handle(audio_request(VAL_WAVES[0]))
print(out)
assert out["source"] == "audio" and out["label"] in KWS_CARD["classes"]
for bad in [{}, {"text": ""}, {"text": "hi", "lang": "fr"}, audio_request(VAL_WAVES[0], 16000)]:
    try:
        assistant.handle(bad)
        raise AssertionError(f"handle() must raise ValueError for {bad}")
    except ValueError:
        pass
print("B2 visible tests passed")
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_rows = [json.loads(line) for line in open("/run/practicum/hidden/commands_text/texts.jsonl", encoding="utf-8")]
_hw = np.load("/run/practicum/hidden/speech_commands/waves.npy")


def _view(out):
    return [out["action"], out["source"], out["label"], round(float(out["confidence"]), 2)]


for _k in range(4):
    check(f"text{_k}", [_view(assistant.handle({"text": r["text"], "lang": r["lang"]})) for r in _rows[300 + 15 * _k: 315 + 15 * _k]],
          tol=0.011)
for _k in range(4):
    check(f"audio{_k}", [_view(assistant.handle(audio_request(w))) for w in _hw[200 + 8 * _k: 208 + 8 * _k]], tol=0.011)
for _name, _bad in [("no_dict", [1, 2]), ("no_field", {"lang": "en"}), ("text_type", {"text": 3, "lang": "en"}),
                    ("lang", {"text": "hello", "lang": "de"}), ("b64", {"audio": "%%%", "sample_rate": 8000}),
                    ("rate_type", {"audio": audio_request(_hw[0])["audio"], "sample_rate": "8000"}),
                    ("length", audio_request(_hw[0][:6000])), ("rate", audio_request(_hw[0], 44100))]:
    check("bad_" + _name, raises(ValueError, assistant.handle, _bad))
### END HIDDEN TESTS
