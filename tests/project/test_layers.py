"""The apps form layers (docs/architecture.md): each imports only from the layers below it.

Every module of every app is read (imports inside functions too), so an import that runs up
the layers, or sideways to another app of the same layer, fails here.
"""

import ast
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)

# Lowest first, as docs/architecture.md draws them.
LAYERS = [
    ["core"],
    ["users"],
    ["website"],
    ["ecosystem"],
    ["logicmodel"],
    ["journeys"],
    ["referrals", "stories"],
    ["network"],
    ["insights", "privacy"],
    ["workspace"],
    ["demo"],
]
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def _imported_modules(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def _modules_of(app: str):
    for path in sorted((BASE / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_every_project_app_has_a_layer():
    assert set(LAYER_OF) == set(settings.PROJECT_APPS)


def test_no_app_imports_from_a_layer_above_it_or_beside_it():
    wrong = []
    for app, layer in LAYER_OF.items():
        for path in _modules_of(app):
            for line, module in _imported_modules(path):
                other = module.split(".")[0]
                if other != app and other in LAYER_OF and LAYER_OF[other] >= layer:
                    wrong.append(f"{path.relative_to(BASE)}:{line} imports {module}")
    assert not wrong, "Imports that run up (or across) the layers:\n" + "\n".join(wrong)


def test_the_architecture_document_lists_the_same_layers():
    text = (BASE / "docs" / "architecture.md").read_text()
    for apps in LAYERS:
        for app in apps:
            assert f"`{app}`" in text, app
