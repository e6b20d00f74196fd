import base64 as _b64
import binascii as _binascii


def make_variant(**bug):
    """A correct assistant, or one with a planted integration bug."""
    _punct = INTENT_CARD["punctuation"]

    class Impl:
        def __init__(self, config_path="config/assistant.yaml"):
            with open(config_path, encoding="utf-8") as f:
                self.config = yaml.safe_load(f)
            if bug.get("config_ignored"):
                with open("config/assistant.yaml", encoding="utf-8") as f:
                    self.config = yaml.safe_load(f)
            self.vocab = json.load(open("components/intent_vocab.json", encoding="utf-8"))
            self.kws = ort.InferenceSession("components/kws.onnx", providers=["CPUExecutionProvider"])
            self.intent = ort.InferenceSession("components/intent.onnx", providers=["CPUExecutionProvider"])
            self.classes = sorted(KWS_CARD["classes"]) if bug.get("kws_sorted") else KWS_CARD["classes"]
            self.intents = INTENT_CARD["intents"][1:] + INTENT_CARD["intents"][:1] if bug.get("intent_shifted") else INTENT_CARD["intents"]

        def _tokens(self, text, lang):
            if lang == "zh":
                return [c for c in text if not c.isspace() and c not in _punct]
            words = text.split() if bug.get("no_lower") else text.lower().split()
            return [w for w in (t.strip(_punct) for t in words) if w]

        def _decide(self, table, label, conf):
            fb = self.config.get("fallback", "ask_again")
            if not bug.get("threshold_ignored") and conf < float(self.config["threshold"]):
                return fb
            return table.get(label, fb)

        def handle(self, request):
            if not isinstance(request, dict):
                raise ValueError("not a dict")
            if "text" in request:
                text, lang = request["text"], request.get("lang")
                if not isinstance(text, str) or not text.strip() or lang not in ("zh", "en"):
                    raise ValueError("bad text")
                ids = [self.vocab.get(t, 1) for t in self._tokens(text, lang)][:32]
                if not ids:
                    raise ValueError("no tokens")
                pad = 1 if bug.get("pad_unk") else 0
                z = self.intent.run(None, {"ids": np.array([ids + [pad] * (32 - len(ids))], dtype=np.int64)})[0][0]
                names, table, source = self.intents, self.config["intents"], "text"
            elif "audio" in request:
                rate = request.get("sample_rate")
                if not isinstance(rate, int) or isinstance(rate, bool) or not isinstance(request["audio"], str):
                    raise ValueError("bad audio")
                if rate != 8000 and not bug.get("any_rate"):
                    raise ValueError("rate")
                try:
                    raw = _b64.b64decode(request["audio"], validate=True)
                except (_binascii.Error, ValueError):
                    raise ValueError("b64") from None
                if len(raw) != 16000:
                    raise ValueError("length")
                wave = np.frombuffer(raw, dtype="<i2")
                if bug.get("no_scale"):
                    wave = wave.astype(np.float64)
                z = self.kws.run(None, {"logmel": log_mel(wave, 8000)[None]})[0][0]
                names, table, source = self.classes, self.config["keywords"], "audio"
            else:
                raise ValueError("no field")
            prob = np.exp(z - z.max())
            prob /= prob.sum()
            label, conf = names[int(prob.argmax())], float(prob.max())
            return {"action": self._decide(table, label, conf), "source": source, "label": label,
                    "confidence": round(conf, 4)}
    return Impl
