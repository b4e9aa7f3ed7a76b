"""Logic models to and from structured files (YAML or JSON).

The same functions load the shipped model in a data migration (given the
historical app registry) and serve the import and export commands. A file is
checked whole before anything is written: every problem is reported with its
line (syntax) or its path (content), and nothing is saved unless all is well.
"""

import json
import uuid
from pathlib import Path

import nh3
import yaml
from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import ProtectedError

from core.pagecache import bump_on_commit

FORMAT = "logic-model/1"
SHIPPED_MODEL = Path(__file__).resolve().parent / "content" / "empowering-places.yaml"
ID_NAMESPACE = uuid.UUID("6b3f1c9e-6a55-4a8e-9a63-2f7c0e5d1a10")

FOUNDATION_KINDS = [
    "partner-visions",
    "external-conditions",
    "local-conditions",
    "system-support",
    "delivery-support",
    "outcome-catalysts",
    "impact-catalysts",
]
FOUNDATION_GROUPS = {
    "partner-visions": "Partner visions",
    "external-conditions": "External conditions",
    "system-support": "System support",
    "outcome-catalysts": "Outcome catalysts",
    "impact-catalysts": "Impact catalysts",
}
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "b", "i", "a", "h3", "br"}


class LogicModelFileError(Exception):
    """A file that cannot be imported; `problems` lists each one with its line or path."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def clean_html(value: str) -> str:
    return nh3.clean(value or "", tags=ALLOWED_TAGS, attributes={"a": {"href"}}).strip()


def stable_id(*parts: str) -> uuid.UUID:
    """The id a record gets when its file gives none: the same in every database."""
    return uuid.uuid5(ID_NAMESPACE, ":".join(parts))


# Reading files -------------------------------------------------------------------


def parse(text: str, *, name: str = "file") -> dict:
    """Parse YAML or JSON (JSON is YAML); syntax errors name their line."""
    try:
        data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise LogicModelFileError(
            [f"line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(error, "problem", None) or str(error)
        raise LogicModelFileError([f"{where}: {problem}"]) from error
    if not isinstance(data, dict):
        raise LogicModelFileError(["(top): the file must hold one logic model (a mapping)"])
    return data


def read_file(path) -> dict:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LogicModelFileError([f"{path}: cannot be read ({error})"]) from error
    return parse(text, name=path.name)


# Checking a file -----------------------------------------------------------------


class _Checker:
    def __init__(self):
        self.problems: list[str] = []

    def text(self, data, key, path, *, required=True, max_length=None):
        value = data.get(key) if isinstance(data, dict) else None
        if value is None or value == "":
            if required:
                self.problems.append(f"{path}.{key}: required")
            return ""
        if not isinstance(value, str):
            self.problems.append(f"{path}.{key}: must be text")
            return ""
        if max_length and len(value) > max_length:
            self.problems.append(f"{path}.{key}: at most {max_length} characters")
        return value

    def items(self, data, key, path, *, required=True):
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            if required:
                self.problems.append(f"{path}.{key}: required")
            return []
        if not isinstance(value, list):
            self.problems.append(f"{path}.{key}: must be a list")
            return []
        return value

    def mapping(self, value, path):
        if not isinstance(value, dict):
            self.problems.append(f"{path}: must be a mapping")
            return False
        return True

    def slug(self, data, key, path, seen: set):
        value = self.text(data, key, path, max_length=100)
        if value and not all(
            (c.isalnum() and c.islower()) or c.isdigit() or c == "-" for c in value
        ):
            self.problems.append(f"{path}.{key}: use lower-case letters, digits and hyphens")
        if value in seen:
            self.problems.append(f"{path}.{key}: '{value}' is used twice")
        seen.add(value)
        return value

    def uuid(self, data, key, path):
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return
        try:
            uuid.UUID(str(value))
        except ValueError:
            self.problems.append(f"{path}.{key}: not a valid id")


def validate(data: dict) -> list[str]:
    """Every problem in a parsed file, each with the path of the value at fault."""
    check = _Checker()
    if data.get("format", FORMAT) != FORMAT:
        check.problems.append(f"format: expected '{FORMAT}'")
    check.uuid(data, "id", "(top)")
    check.slug(data, "slug", "(top)", set())
    check.text(data, "title", "(top)", max_length=200)
    if data.get("kind", "national") not in ("national", "local"):
        check.problems.append("kind: must be 'national' or 'local'")
    if data.get("kind") == "local" and not data.get("place"):
        check.problems.append("place: a local model needs the slug of its place")
    element_slugs, section_slugs, column_slugs = set(), set(), set()
    columns = check.items(data, "columns", "(top)")
    if not columns:
        check.problems.append("columns: a model needs at least one column")
    for c, column in enumerate(columns):
        cpath = f"columns[{c}]"
        if not check.mapping(column, cpath):
            continue
        check.uuid(column, "id", cpath)
        check.slug(column, "slug", cpath, column_slugs)
        check.text(column, "title", cpath, max_length=200)
        group = column.get("foundation_group")
        if not isinstance(group, dict) or group.get("slug") not in FOUNDATION_GROUPS:
            check.problems.append(
                f"{cpath}.foundation_group.slug: one of {', '.join(FOUNDATION_GROUPS)}"
            )
        for s, section in enumerate(check.items(column, "sections", cpath)):
            spath = f"{cpath}.sections[{s}]"
            if not check.mapping(section, spath):
                continue
            _validate_section(check, section, spath, section_slugs, element_slugs, top_level=True)
    return check.problems


def _validate_section(check, section, path, section_slugs, element_slugs, *, top_level):
    check.uuid(section, "id", path)
    check.slug(section, "slug", path, section_slugs)
    check.text(section, "title", path, max_length=200)
    check.text(section, "number", path, required=False, max_length=5)
    if top_level:
        for a, assumption in enumerate(check.items(section, "assumptions", path, required=False)):
            if not isinstance(assumption, str) or not assumption.strip():
                check.problems.append(f"{path}.assumptions[{a}]: must be text")
        foundation = section.get("foundation")
        if foundation is not None:
            fpath = f"{path}.foundation"
            if check.mapping(foundation, fpath):
                if foundation.get("kind") not in FOUNDATION_KINDS:
                    check.problems.append(f"{fpath}.kind: one of {', '.join(FOUNDATION_KINDS)}")
                for t, statement in enumerate(check.items(foundation, "statements", fpath)):
                    tpath = f"{fpath}.statements[{t}]"
                    if check.mapping(statement, tpath):
                        check.text(statement, "text", tpath)
                        check.text(statement, "attribution", tpath, required=False, max_length=200)
        for u, sub in enumerate(check.items(section, "subsections", path, required=False)):
            upath = f"{path}.subsections[{u}]"
            if check.mapping(sub, upath):
                _validate_section(check, sub, upath, section_slugs, element_slugs, top_level=False)
    for e, element in enumerate(check.items(section, "elements", path, required=False)):
        epath = f"{path}.elements[{e}]"
        if not check.mapping(element, epath):
            continue
        check.uuid(element, "id", epath)
        check.slug(element, "slug", epath, element_slugs)
        check.text(element, "title", epath, max_length=200)
        check.text(element, "summary", epath)
        for x, example in enumerate(check.items(element, "examples", epath, required=False)):
            xpath = f"{epath}.examples[{x}]"
            if check.mapping(example, xpath):
                check.text(example, "title", xpath, max_length=200)
                check.text(example, "text", xpath)
        for i, item in enumerate(check.items(element, "checklist", epath, required=False)):
            ipath = f"{epath}.checklist[{i}]"
            if check.mapping(item, ipath):
                check.uuid(item, "id", ipath)
                check.text(item, "text", ipath)
        for r, resource in enumerate(check.items(element, "resources", epath, required=False)):
            rpath = f"{epath}.resources[{r}]"
            if check.mapping(resource, rpath):
                check.text(resource, "title", rpath, max_length=200)
                check.text(resource, "url", rpath)


# Writing to the database -----------------------------------------------------------


def import_model(data: dict, *, apps=global_apps):
    """Create or update a whole logic model from parsed data, or change nothing and raise."""
    problems = validate(data)
    if problems:
        raise LogicModelFileError(problems)
    try:
        with transaction.atomic():
            model = _Importer(apps, data).run()
            bump_on_commit()  # its bulk writes send no signal
            return model
    except ProtectedError as error:
        raise LogicModelFileError(
            [
                "the file removes checklist items that assessments have answered; "
                f"keep them in the file ({len(error.protected_objects)} answers use them)"
            ]
        ) from error


class _Importer:
    def __init__(self, apps, data):
        self.data = data
        self.m = {
            name: apps.get_model("logicmodel", name)
            for name in (
                "LogicModel",
                "Column",
                "Section",
                "Assumption",
                "FoundationStatement",
                "Element",
                "Example",
                "ChecklistItem",
                "Resource",
            )
        }
        self.Place = apps.get_model("ecosystem", "Place")
        self.slug = data["slug"]

    def _id(self, record, *path):
        return uuid.UUID(str(record["id"])) if record.get("id") else stable_id(self.slug, *path)

    def run(self):
        d = self.data
        LogicModel = self.m["LogicModel"]
        place = self.Place.objects.get(slug=d["place"]) if d.get("place") else None
        derived = LogicModel.objects.get(slug=d["derived_from"]) if d.get("derived_from") else None
        model_id = self._id(d, "model")
        LogicModel.objects.filter(slug=self.slug).exclude(pk=model_id).delete()
        self.model, _ = LogicModel.objects.update_or_create(
            pk=model_id,
            defaults={
                "slug": self.slug,
                "title": d["title"],
                "kind": d.get("kind", "national"),
                "place": place,
                "derived_from": derived,
                "summary": d.get("summary", ""),
                "source": d.get("source", ""),
                "guide": clean_html(d.get("guide", "")),
            },
        )
        keep = {"Column": set(), "Section": set(), "Element": set(), "ChecklistItem": set()}
        position = 0
        for c_pos, column in enumerate(d["columns"], start=1):
            col = self._save(
                "Column",
                self._id(column, "column", column["slug"]),
                keep,
                logic_model=self.model,
                slug=column["slug"],
                position=c_pos,
                title=column["title"],
                summary=column.get("summary", ""),
                guide=clean_html(column.get("guide", "")),
                foundation_group=column["foundation_group"]["slug"],
                foundation_description=column["foundation_group"].get("description", ""),
            )
            for section in column["sections"]:
                position += 1
                sec = self._section(section, col, None, position, keep)
                for sub in section.get("subsections") or []:
                    position += 1
                    self._section(sub, col, sec, position, keep)
        for name in ("Element", "Section", "Column"):
            self.m[name].objects.filter(logic_model=self.model).exclude(pk__in=keep[name]).delete()
        self.m["ChecklistItem"].objects.filter(element__logic_model=self.model).exclude(
            pk__in=keep["ChecklistItem"]
        ).delete()
        return self.model

    def _save(self, name, pk, keep, **fields):
        obj, _ = self.m[name].objects.update_or_create(pk=pk, defaults=fields)
        keep[name].add(obj.pk)
        return obj

    def _section(self, section, column, parent, position, keep):
        foundation = section.get("foundation") or {}
        sec = self._save(
            "Section",
            self._id(section, "section", section["slug"]),
            keep,
            logic_model=self.model,
            column=column,
            parent=parent,
            number=section.get("number") or "",
            slug=section["slug"],
            position=position,
            title=section["title"],
            short_title=section.get("short_title") or "",
            introduction=clean_html(section.get("introduction", "")),
            foundation_kind=foundation.get("kind", ""),
        )
        self.m["Assumption"].objects.filter(section=sec).delete()
        self.m["Assumption"].objects.bulk_create(
            self.m["Assumption"](section=sec, text=text.strip(), sort_order=i)
            for i, text in enumerate(section.get("assumptions") or [])
        )
        self.m["FoundationStatement"].objects.filter(section=sec).delete()
        self.m["FoundationStatement"].objects.bulk_create(
            self.m["FoundationStatement"](
                section=sec,
                text=s["text"].strip(),
                attribution=s.get("attribution") or "",
                sort_order=i,
            )
            for i, s in enumerate(foundation.get("statements") or [])
        )
        for e_pos, element in enumerate(section.get("elements") or [], start=1):
            self._element(element, sec, e_pos, keep)
        return sec

    def _element(self, element, section, position, keep):
        el = self._save(
            "Element",
            self._id(element, "element", element["slug"]),
            keep,
            logic_model=self.model,
            section=section,
            slug=element["slug"],
            position=position,
            title=element["title"],
            summary=element["summary"].strip(),
            explainer=clean_html(element.get("explainer", "")),
            live=True,
            has_unpublished_changes=False,
        )
        for name in ("Example", "Resource"):
            self.m[name].objects.filter(element=el).delete()
        self.m["Example"].objects.bulk_create(
            self.m["Example"](element=el, title=x["title"], text=x["text"].strip(), sort_order=i)
            for i, x in enumerate(element.get("examples") or [])
        )
        self.m["Resource"].objects.bulk_create(
            self.m["Resource"](
                element=el,
                title=r["title"],
                description=r.get("description", ""),
                url=r["url"],
                sort_order=i,
            )
            for i, r in enumerate(element.get("resources") or [])
        )
        for i, item in enumerate(element.get("checklist") or []):
            self._save(
                "ChecklistItem",
                self._id(item, "element", element["slug"], "item", str(i + 1)),
                keep,
                element=el,
                text=item["text"].strip(),
                guidance=(item.get("guidance") or "").strip(),
                sort_order=i,
            )


# Reading from the database -----------------------------------------------------------


def export_model(model) -> dict:
    """A whole logic model as plain data, in a fixed order, in a bounded number of queries."""
    from .selectors import model_structure

    structure = model_structure(model, live_only=False)
    return {
        "format": FORMAT,
        "id": str(model.pk),
        "slug": model.slug,
        "title": model.title,
        "kind": model.kind,
        "place": model.place.slug if model.place_id else None,
        "derived_from": model.derived_from.slug if model.derived_from_id else None,
        "summary": model.summary,
        "source": model.source,
        "guide": model.guide,
        "columns": [
            {
                "id": str(column.pk),
                "slug": column.slug,
                "title": column.title,
                "summary": column.summary,
                "guide": column.guide,
                "foundation_group": {
                    "slug": column.foundation_group,
                    "title": FOUNDATION_GROUPS[column.foundation_group],
                    "description": column.foundation_description,
                },
                "sections": [
                    _export_section(section, top_level=True) for section in column.top_sections
                ],
            }
            for column in structure.columns
        ],
    }


def _export_section(section, *, top_level):
    data = {
        "id": str(section.pk),
        "number": section.number,
        "slug": section.slug,
        "title": section.title,
        "short_title": section.short_title,
        "introduction": section.introduction,
    }
    if top_level:
        data["assumptions"] = [a.text for a in section.assumptions.all()]
        data["foundation"] = {
            "kind": section.foundation_kind,
            "statements": [
                {"text": s.text, "attribution": s.attribution}
                for s in section.foundation_statements.all()
            ],
        }
    data["elements"] = [_export_element(element) for element in section.elements.all()]
    if top_level:
        data["subsections"] = [_export_section(sub, top_level=False) for sub in section.children]
    return data


def _export_element(element):
    return {
        "id": str(element.pk),
        "slug": element.slug,
        "title": element.title,
        "summary": element.summary,
        "explainer": element.explainer,
        "examples": [{"title": x.title, "text": x.text} for x in element.examples.all()],
        "checklist": [
            {"id": str(i.pk), "text": i.text, "guidance": i.guidance}
            for i in element.checklist_items.all()
        ],
        "resources": [
            {"title": r.title, "description": r.description, "url": r.href}
            for r in element.resources.all()
        ],
    }


class _BlockDumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_str)


def dump(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)


def load_shipped_model(apps=global_apps):
    """Load (or refresh) the shipped Empowering Places model; used by migrations and tests."""
    return import_model(read_file(SHIPPED_MODEL), apps=apps)


def import_and_publish(data: dict):
    """Import a model, then refresh what the directory publishes from it (its activities)."""
    from .taxonomy import sync_activities_taxonomy

    model = import_model(data)
    sync_activities_taxonomy(model.slug)
    return model
