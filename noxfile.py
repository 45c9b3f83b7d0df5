"""nox sessions: tests on the six versions, fuzzing, the stdlib sweep, the report.

Run through tools/pythons so nox finds every interpreter (``tools/pythons nox``),
or have python3.8 ... python3.13 on PATH yourself.  Sessions that take a version
(``stdlib-3.12``) run the harness on that interpreter, so minivm is measured on
its own host ("each run on its own interpreter").
"""

from __future__ import annotations

import nox

VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]
nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True


@nox.session(python=VERSIONS)
def tests(session: nox.Session) -> None:
    """The test suite (what tox runs), on each version."""
    session.install("-e", ".[test]")
    session.run("pytest", "-n", "auto", "-p", "no:cacheprovider", *session.posargs,
                env={"HYPOTHESIS_PROFILE": "ci", "CONFORM_VERSIONS": "host"})


@nox.session(python=VERSIONS)
def stdlib(session: nox.Session) -> None:
    """Every stdlib file of this version on the static layers (pass layers with
    ``-- --layers tokens,ast``)."""
    session.install("-e", ".")
    args = session.posargs or ["--layers", "tokens,ast,symtable,code,dis,pyc"]
    session.run("conform", "stdlib", "--versions", session.python, *args, success_codes=[0, 1])


@nox.session(python=VERSIONS)
def fuzz(session: nox.Session) -> None:
    """A fuzz campaign against this version (``-- --seconds 600`` for longer)."""
    session.install("-e", ".")
    args = session.posargs or ["--seconds", "300"]
    session.run("conform", "fuzz", "--versions", session.python, *args, success_codes=[0, 1])


@nox.session(python=False)
def report(session: nox.Session) -> None:
    """Render reports/index.html, summary.json and summary.md for the newest run."""
    session.run("conform", "report", *session.posargs)
