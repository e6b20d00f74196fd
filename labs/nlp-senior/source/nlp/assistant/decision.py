"""The voice assistant's decision rule: what to do with one utterance's class probabilities.

Given component (do not edit): part C2 of the exam writes test cases for it.
"""

NUM_CLASSES = 12


def decide(probs, threshold=0.6, margin=0.15, unknown=10, silence=11):
    """The action for one utterance, from its class probabilities (a sequence of 12 floats).

    - Raises ValueError unless probs has exactly 12 entries, none negative, summing to 1 within 1e-3.
    - top: the index of the largest probability (the lowest index on ties); p_top its value and
      p_second the second largest value of the sequence (equal to p_top on a tie).
    - top == silence -> "ignore"; top == unknown -> "reject";
    - p_top < threshold, or p_top - p_second < margin -> "confirm:<top>" (ask the user to confirm);
    - otherwise "execute:<top>".
    """
    probs = [float(p) for p in probs]
    if len(probs) != NUM_CLASSES or min(probs) < 0 or abs(sum(probs) - 1.0) > 1e-3:
        raise ValueError("probs must be 12 non-negative numbers summing to 1")
    top = max(range(NUM_CLASSES), key=lambda i: (probs[i], -i))
    p_top = probs[top]
    p_second = sorted(probs, reverse=True)[1]
    if top == silence:
        return "ignore"
    if top == unknown:
        return "reject"
    if p_top < threshold or p_top - p_second < margin:
        return f"confirm:{top}"
    return f"execute:{top}"
