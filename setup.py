"""Build step: every YAML data file is also written as JSON beside it in the wheel (`NAME.yaml.json`).

Words, advice, indicator sets, helplines and lists are YAML, and every run reads some of them;
the standard library reads JSON several times faster than PyYAML reads YAML, and without
importing PyYAML at all, so an installed copy starts no slower for its words and lists being
data. The YAML stays the source: a source checkout (or an editable install) reads it directly,
and a file whose JSON would read back differently (a date, a number as a key) is left as YAML only.
The packaged indicator set is also written ready indexed (packaged-set.json), as cybercheck makes
it from its lists and samples.csv.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from setuptools import setup
from setuptools.command.build_py import build_py

COMPILED = ".json"  # as cybercheck.yamldata.COMPILED


def compile_data(build_lib: Path) -> list[Path]:
    """Write `NAME.yaml.json` beside each YAML file below `build_lib` that JSON holds exactly; the files written."""
    written = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for source in sorted(build_lib.rglob("*.yaml")):
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
        try:
            compiled = json.dumps(data, ensure_ascii=False)
        except (TypeError, ValueError):
            continue
        if json.loads(compiled) == data:
            target = source.with_name(source.name + COMPILED)
            target.write_text(compiled, encoding="utf-8")
            written.append(target)
    return written


# run in a process of its own, on the built copy: the set the wheel ships, made as cybercheck makes it
_COMPILE_SET = """
import json, sys
from importlib import resources
from cybercheck.indicators.load import COMPILED_SET, PACKAGED, compiled_form, packaged_set_from_files
target = resources.files(PACKAGED).joinpath(COMPILED_SET)
target.write_text(json.dumps(compiled_form(packaged_set_from_files()), ensure_ascii=False), encoding="utf-8")
"""


def compile_indicator_set(build_lib: Path) -> None:
    """Write the packaged indicator set, indexed, beside its files (cybercheck.indicators.load.COMPILED_SET)."""
    environment = dict(os.environ, PYTHONPATH=str(build_lib.resolve()), PYTHONDONTWRITEBYTECODE="1")
    subprocess.run([sys.executable, "-c", _COMPILE_SET], env=environment, check=True, cwd=build_lib)


class BuildWithCompiledData(build_py):
    """The ordinary build, then a JSON copy of each YAML file that JSON holds exactly, and the indexed indicator set."""

    def run(self) -> None:
        super().run()
        compile_data(Path(self.build_lib))
        compile_indicator_set(Path(self.build_lib))


if __name__ == "__main__":  # as setuptools runs it; a test imports compile_data alone
    setup(cmdclass={"build_py": BuildWithCompiledData})
