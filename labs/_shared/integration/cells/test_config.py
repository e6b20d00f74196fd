p = reload_pipeline()
b = p.Assistant("config/site_b.yaml")
out = b.handle({"text": "set an alarm for seven", "lang": "en"})
print(out)
assert out["label"] == "set_alarm" and out["action"] == "wakeup_call.set"
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_rows = [json.loads(line) for line in open("/run/practicum/hidden/commands_text/texts.jsonl", encoding="utf-8")]
_hw = np.load("/run/practicum/hidden/speech_commands/waves.npy")
_base = yaml.safe_load(open("config/assistant.yaml", encoding="utf-8"))
_configs = {
    "strict": {**_base, "threshold": 0.97, "fallback": "repeat_please"},
    "open": {**_base, "threshold": 0.0, "fallback": "x", "keywords": {c: "k-" + c for c in KWS_CARD["classes"][::2]},
             "intents": {i: "i-" + i for i in INTENT_CARD["intents"][1::2]}},
    "middle": {**_base, "threshold": 0.62, "fallback": "none"},
}
for _name, _cfg in _configs.items():
    _path = f"/tmp/b3_{_name}.yaml"
    with open(_path, "w", encoding="utf-8") as _f:
        yaml.safe_dump(_cfg, _f, allow_unicode=True)
    _a = p.Assistant(_path)
    check(_name + "_text", [_a.handle({"text": r["text"], "lang": r["lang"]})["action"] for r in _rows[400:430]])
    check(_name + "_audio", [_a.handle(audio_request(w))["action"] for w in _hw[250:266]])
### END HIDDEN TESTS
