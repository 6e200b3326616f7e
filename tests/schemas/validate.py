#!/usr/bin/env python3
"""Validate policyc's GitLab and JUnit reports against the schemas here.

usage: validate.py gitlab FILE...   (JSON Schema, python `jsonschema`)
       validate.py junit FILE...    (XSD, python `xmlschema`)
Exit 0 when every file is valid; otherwise the errors, and exit 1.
"""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def gitlab(paths):
    import jsonschema

    schema = json.loads((HERE / "gitlab-codequality.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    bad = 0
    for p in paths:
        report = json.loads(pathlib.Path(p).read_text())
        errors = list(validator.iter_errors(report))
        prints = [i["fingerprint"] for i in report]
        if len(prints) != len(set(prints)):
            errors.append("fingerprints are not unique")
        for e in errors:
            print(f"{p}: {getattr(e, 'message', e)}")
        bad += bool(errors)
        print(f"{p}: {len(report)} issues, {'valid' if not errors else 'INVALID'}")
    return bad


def junit(paths):
    import xmlschema

    schema = xmlschema.XMLSchema(str(HERE / "junit-10.xsd"))
    bad = 0
    for p in paths:
        errors = list(schema.iter_errors(p))
        for e in errors:
            print(f"{p}: {e.reason} at {e.path}")
        bad += bool(errors)
        print(f"{p}: {'valid' if not errors else 'INVALID'}")
    return bad


if __name__ == "__main__":
    kind, files = sys.argv[1], sys.argv[2:]
    sys.exit(1 if {"gitlab": gitlab, "junit": junit}[kind](files) else 0)
