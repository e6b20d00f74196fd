def switch_version(config_path, version):
    ### BEGIN SOLUTION
    config = json.loads(Path(config_path).read_text())
    if config["active_version"] != version:
        config["previous_version"] = config["active_version"]
        config["active_version"] = version
        config["canary_version"] = None
    Path(config_path).write_text(json.dumps(config, indent=2) + "\n")
    return config
    ### END SOLUTION
