def bio_spans(tag_ids, names):
    ### BEGIN SOLUTION
    seq = [int(t) for t in tag_ids]
    if -1 in seq:
        seq = seq[:seq.index(-1)]
    spans, start, kind = set(), None, None
    for i, t in enumerate(seq + [names.index("O")]):
        prefix, _, label = names[t].partition("-")
        continues = prefix == "I" and kind == label and start is not None
        if start is not None and not continues:
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return spans
    ### END SOLUTION


def slot_f1(gold, pred, names):
    ### BEGIN SOLUTION
    tp = n_gold = n_pred = 0
    for g, p in zip(np.asarray(gold), np.asarray(pred)):
        n = int(np.sum(g >= 0))
        gs, ps = bio_spans(g[:n], names), bio_spans(p[:n], names)
        tp, n_gold, n_pred = tp + len(gs & ps), n_gold + len(gs), n_pred + len(ps)
    if tp == 0:
        return 0.0
    prec, rec = tp / n_pred, tp / n_gold
    return 2 * prec * rec / (prec + rec)
    ### END SOLUTION
