"""The course as data: typed, immutable objects loaded from the YAML files under content/."""
