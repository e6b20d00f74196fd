### BEGIN SOLUTION
conv = subprocess.run([sys.executable, "-m", "paddle2onnx.command", "--model_dir", "models",
                       "--model_filename", "kws.json", "--params_filename", "kws.pdiparams",
                       "--save_file", "models/kws.onnx", "--opset_version", "13", "--optimize_tool", "None"],
                      capture_output=True, text=True, timeout=300)
print(conv.stdout[-600:], conv.stderr[-600:] if conv.returncode else "")
### END SOLUTION
