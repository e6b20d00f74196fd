assert os.path.exists("tests/test_pipeline.py"), "create tests/test_pipeline.py"
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

import importlib.util as _ilu


def _run_tests(path, impl):
    """The grader's own runner (not the notebook's run_tests): (test names, names of failing tests)."""
    _spec = _ilu.spec_from_file_location("candidate_tests_graded", path)
    _mod = _ilu.module_from_spec(_spec)
    _spec.loader.exec_module(_mod)
    _names = sorted(n for n in dir(_mod) if n.startswith("test_") and callable(getattr(_mod, n)))
    _failed = []
    for _n in _names:
        try:
            getattr(_mod, _n)(impl)
        except Exception:  # noqa: BLE001 - a failing test is a result
            _failed.append(_n)
    return _names, _failed


# %include planted_bugs.py


_names, _fails = _run_tests("tests/test_pipeline.py", make_variant())
_valid = len(_names) >= 5 and not _fails
check("valid_suite", _valid, weight=2)
for _bug in ["kws_sorted", "intent_shifted", "no_scale", "no_lower", "pad_unk", "threshold_ignored", "config_ignored",
             "any_rate"]:
    check("catches_" + _bug, bool(_valid and _run_tests("tests/test_pipeline.py", make_variant(**{_bug: True}))[1]))
### END HIDDEN TESTS
