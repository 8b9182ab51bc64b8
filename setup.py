"""Build step: every words.yaml and advice.yaml is also written as JSON beside it in the wheel.

Listing checks reads every area's words; the standard library reads JSON several times faster
than PyYAML reads YAML, and without importing PyYAML at all, so `cybercheck checks` starts no
slower for its words being data. The YAML stays the source; an editable install reads it directly.
"""

import json
from pathlib import Path

import yaml
from setuptools import setup
from setuptools.command.build_py import build_py

COMPILED = ("words.yaml", "advice.yaml")


class BuildWithCompiledWords(build_py):
    """The ordinary build, then a JSON copy of each words and advice file."""

    def run(self) -> None:
        super().run()
        for name in COMPILED:
            for source in Path(self.build_lib).rglob(name):
                data = yaml.safe_load(source.read_text(encoding="utf-8"))
                source.with_name(name + ".json").write_text(
                    json.dumps(data, ensure_ascii=False), encoding="utf-8"
                )


setup(cmdclass={"build_py": BuildWithCompiledWords})
