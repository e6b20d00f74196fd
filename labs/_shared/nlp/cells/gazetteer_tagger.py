def gazetteer_tagger(rows_for_lexicon, tag_names, max_len=32):
    """（已给出 / given）returns tag(rows) -> int [N, max_len] tag ids from a longest-match lexicon."""
    lexicon = {}
    for r in rows_for_lexicon:
        i = 0
        while i < len(r["tags"]):
            if r["tags"][i].startswith("B-"):
                j = i + 1
                while j < len(r["tags"]) and r["tags"][j] == "I-" + r["tags"][i][2:]:
                    j += 1
                lexicon[tuple(t.lower() for t in r["tokens"][i:j])] = r["tags"][i][2:]
                i = j
            else:
                i += 1
    longest = max(len(k) for k in lexicon)

    def tag(rows):
        out = np.full((len(rows), max_len), tag_names.index("O"), dtype=np.int64)
        for n, r in enumerate(rows):
            toks, i = [t.lower() for t in r["tokens"]], 0
            while i < len(toks):
                for k in range(min(longest, len(toks) - i), 0, -1):
                    slot = lexicon.get(tuple(toks[i:i + k]))
                    if slot:
                        out[n, i] = tag_names.index("B-" + slot)
                        out[n, i + 1:i + k] = tag_names.index("I-" + slot)
                        i += k
                        break
                else:
                    i += 1
        return out
    return tag
