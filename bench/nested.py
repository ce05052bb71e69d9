#!/usr/bin/env python3
"""Generate a CDK-style cloud assembly with many nested stacks and condition-heavy templates.

    python3 bench/nested.py OUT_DIR [--children 4] [--grandchildren 5] [--conditions 30]

OUT_DIR gets manifest.json, the cdk.out marker, Parent.template.json, and one template per
nested stack (children x (1 + grandchildren) of them: 24 by default). Every nested stack
is an AWS::CloudFormation::Stack with CDK's aws:asset:path metadata and parameters passed
down; every template has CONDITIONS conditions and Fn::If nested four deep on many
properties: the shapes that make condition-enumerating tools run for tens of minutes.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen import template  # noqa: E402


def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def deep_if(conds, a, b, depth):
    """Fn::If nested `depth` deep over rotating conditions."""
    if depth == 0:
        return a
    c = conds[depth % len(conds)]
    return {"Fn::If": [c, deep_if(conds, a, b, depth - 1), deep_if(conds, b, a, depth - 1)]}


def stack_template(n_conditions, children):
    t = template(60, n_conditions)
    conds = list(t["Conditions"])
    for i, (rid, r) in enumerate(list(t["Resources"].items())):
        props = r.setdefault("Properties", {})
        if r["Type"] == "AWS::SQS::Queue":
            props["KmsMasterKeyId"] = deep_if(conds[i % 7:] + conds[:i % 7], "alias/aws/sqs", {"Ref": "AWS::NoValue"}, 4)
            props["VisibilityTimeout"] = deep_if(conds, 30, 60, 4)
        if r["Type"] == "AWS::S3::Bucket":
            props["PublicAccessBlockConfiguration"] = {
                k: deep_if(conds[i % 5:] + conds[:i % 5], True, False, 4)
                for k in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")}
        if i % 4 == 0:
            r["Condition"] = conds[i % len(conds)]
    for c in range(n_conditions // 3):
        t["Conditions"][f"And{c}"] = {"Fn::And": [{"Condition": conds[c]}, {"Fn::Not": [{"Condition": conds[c + 1]}]}]}
    for name, file in children:
        t["Resources"][f"{name}Stack"] = {
            "Type": "AWS::CloudFormation::Stack",
            "Properties": {
                "TemplateURL": {"Fn::Join": ["", ["https://s3.us-east-1.", {"Ref": "AWS::URLSuffix"}, f"/cdk-assets/{file}"]]},
                "Parameters": {f"F{c}": deep_if(conds, "on", "off", 2) for c in range(min(n_conditions, 10))},
            },
            "Metadata": {"aws:cdk:path": f"App/{name}.NestedStack/{name}.NestedStackResource",
                         "aws:asset:path": file, "aws:asset:property": "TemplateURL"},
        }
    return t


def main():
    out = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "target/bench-templates/assembly"
    kids, grandkids, conds = arg("--children", 4), arg("--grandchildren", 5), arg("--conditions", 30)
    os.makedirs(out, exist_ok=True)
    open(os.path.join(out, "cdk.out"), "w").write('{"version":"36.0.0"}')
    top = []
    for k in range(kids):
        gk = [(f"C{k}G{g}", f"C{k}G{g}.nested.template.json") for g in range(grandkids)]
        for name, file in gk:
            json.dump(stack_template(conds, []), open(os.path.join(out, file), "w"), indent=1)
        file = f"C{k}.nested.template.json"
        json.dump(stack_template(conds, gk), open(os.path.join(out, file), "w"), indent=1)
        top.append((f"C{k}", file))
    json.dump(stack_template(conds, top), open(os.path.join(out, "Parent.template.json"), "w"), indent=1)
    manifest = {"version": "36.0.0", "artifacts": {"Parent": {
        "type": "aws:cloudformation:stack", "environment": "aws://111111111111/us-east-1",
        "properties": {"templateFile": "Parent.template.json"}, "displayName": "Parent"}}}
    json.dump(manifest, open(os.path.join(out, "manifest.json"), "w"), indent=1)
    print(f"{out}: 1 parent + {kids * (1 + grandkids)} nested stacks, {conds} conditions each")


if __name__ == "__main__":
    main()
