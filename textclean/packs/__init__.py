"""Built-in rule packs. The YAML files in the folders beside this one are the rules."""
