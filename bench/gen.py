#!/usr/bin/env python3
"""Generate CloudFormation templates for benchmarks.

    python3 bench/gen.py OUT_DIR            # sizes 10, 1000, 10000 resources, YAML and JSON
    python3 bench/gen.py OUT_DIR --conditions 10 30 60
    python3 bench/gen.py OUT_DIR --sizes 10 100 1000 5000 10000   # YAML only: the scaling curve

Resources cycle through the shapes real stacks have: buckets with policies, IAM roles with
inline policies, security groups, launch templates, queues and topics, using !Sub, !Ref,
!GetAtt and !If, so every stage (load, eval, graph, rules) does real work.
"""
import json
import os
import sys


def resources(n, conditions=0):
    res = {}
    i = -1
    while len(res) < n:
        i += 1
        kind = i % 6
        cond = f"C{i % conditions}" if conditions else None

        def pick(a, b):
            return {"Fn::If": [cond, a, b]} if cond else a

        if kind == 0:
            res[f"Bucket{i}"] = {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    "BucketName": {"Fn::Sub": f"bench-{i}-${{AWS::AccountId}}-${{AWS::Region}}"},
                    "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": pick({"SSEAlgorithm": "aws:kms"}, {"SSEAlgorithm": "AES256"})}]},
                    "VersioningConfiguration": {"Status": pick("Enabled", "Suspended")},
                    "Tags": [{"Key": "Environment", "Value": {"Ref": "Env"}}],
                },
            }
            res[f"Bucket{i}Policy"] = {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {"Bucket": {"Ref": f"Bucket{i}"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                    "Resource": [{"Fn::GetAtt": [f"Bucket{i}", "Arn"]}, {"Fn::Sub": f"${{Bucket{i}.Arn}}/*"}],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}},
            }
        elif kind == 1:
            res[f"Role{i}"] = {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                    "Policies": [{"PolicyName": "logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                        "Resource": pick({"Fn::Sub": "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:*"},
                                         {"Fn::Sub": f"arn:aws:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/app/{i}:*"})}]}}],
                },
            }
        elif kind == 2:
            res[f"Sg{i}"] = {
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {"GroupDescription": f"group {i}", "VpcId": "vpc-0123456789abcdef0", "SecurityGroupIngress": [
                    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"},
                    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": pick("10.0.0.0/16", "0.0.0.0/0")}]},
            }
        elif kind == 3:
            res[f"Lt{i}"] = {
                "Type": "AWS::EC2::LaunchTemplate",
                "Properties": {"LaunchTemplateData": {
                    "ImageId": "ami-12345678", "InstanceType": "t3.medium",
                    "MetadataOptions": {"HttpTokens": pick("required", "optional")},
                    "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "VolumeSize": 20}}],
                    "UserData": {"Fn::Base64": {"Fn::Sub": "#!/bin/bash\necho ${AWS::StackName}\n"}}}},
            }
        elif kind == 4:
            res[f"Queue{i}"] = {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": True}}
        else:
            res[f"Topic{i}"] = {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": pick("alias/aws/sns", {"Ref": "AWS::NoValue"})}}
    return res


def template(n, conditions=0):
    t = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
        "Resources": resources(n, conditions),
    }
    if conditions:
        for c in range(conditions):
            t["Parameters"][f"F{c}"] = {"Type": "String", "Default": "on", "AllowedValues": ["on", "off"]}
        t["Conditions"] = {f"C{c}": {"Fn::Equals": [{"Ref": f"F{c}"}, "on"]} for c in range(conditions)}
    return t


def to_yaml(value, indent=0):
    """A small YAML emitter (long-form intrinsics, block style): no PyYAML needed."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:\n{to_yaml(v, indent + 1)}")
            else:
                lines.append(f"{pad}{k}: {to_yaml(v, 0)}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = []
        for v in value:
            body = to_yaml(v, indent + 1)
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}- {body.lstrip()}")
            else:
                lines.append(f"{pad}- {body}")
        return "\n".join(lines)
    return json.dumps(value)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "target/bench-templates"
    os.makedirs(out, exist_ok=True)
    if "--conditions" in sys.argv:
        counts = [int(c) for c in sys.argv[sys.argv.index("--conditions") + 1:]]
        for c in counts:
            with open(os.path.join(out, f"conditions-{c}.yaml"), "w") as f:
                f.write(to_yaml(template(200, c)) + "\n")
        return
    if "--sizes" in sys.argv:
        for n in [int(c) for c in sys.argv[sys.argv.index("--sizes") + 1:]]:
            with open(os.path.join(out, f"scale-{n}.yaml"), "w") as f:
                f.write(to_yaml(template(n)) + "\n")
        return
    for n in (10, 1000, 10000):
        t = template(n)
        with open(os.path.join(out, f"resources-{n}.json"), "w") as f:
            json.dump(t, f, indent=2)
        with open(os.path.join(out, f"resources-{n}.yaml"), "w") as f:
            f.write(to_yaml(t) + "\n")


if __name__ == "__main__":
    main()
