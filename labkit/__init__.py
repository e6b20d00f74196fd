"""What the model labs (computer vision, NLP and speech) give the learner, installed into .envs/ml:

    labkit.metrics   reference metric implementations (NumPy only); the trusted grader scores with
                     the same functions, so a learner's number and the grader's agree
    labkit.plots     loss curves, confusion matrices, PR and ROC curves
    labkit.vision    detections and masks drawn on images
    labkit.audio     log-mel and MFCC features, spectrograms
"""
