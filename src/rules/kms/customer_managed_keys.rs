//! KMS-001: data encrypted with AWS managed keys (or service-owned keys) rather than a
//! customer managed KMS key.

use crate::eval::{Found, Val};
use crate::rules::support::describe;
use crate::rules::support::kms::is_customer_managed;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "KMS-001",
        slug: "kms-customer-managed-keys",
        title: "Data encrypted with an AWS managed key instead of a customer managed KMS key",
        strength: "Data at rest is encrypted with customer managed KMS keys",
        service: "kms",
        category: Category::Encryption,
        severity: Severity::Low,
        tier: Tier::Medium,
        resource_types: &[
            "AWS::S3::Bucket",
            "AWS::SNS::Topic",
            "AWS::SQS::Queue",
            "AWS::Logs::LogGroup",
            "AWS::EC2::Volume",
            "AWS::EC2::Instance",
            "AWS::EC2::LaunchTemplate",
            "AWS::AutoScaling::LaunchConfiguration",
        ],
        baseline: false,
        rationale: "AWS managed keys (alias/aws/*) and service-owned keys (SSE-S3, SSE-SQS, the CloudWatch Logs default) encrypt data, but their policies cannot be changed: every principal in the account with access to the service can decrypt. A customer managed key adds a second, independent gate and its own audit trail.",
        risk: "Anyone whose permissions on the resource let them read the data (a bucket reader, a queue consumer, a log reader, whoever can attach or snapshot a volume) can decrypt it: an AWS managed key's policy trusts every principal in the account that uses the service, so no key policy of yours adds a second check, separates key administrators from data users or shares the data across accounts, and you cannot revoke access by disabling the key.",
        impact: "No customer-controlled gate on decryption: you do not write the key policy, cannot audit data access through a key of your own, and cannot revoke it in one step; weaker separation of duties and a compliance gap where frameworks require customer-controlled keys (PCI DSS 3.5, HIPAA, FedRAMP).",
        remediation: "Create an AWS::KMS::Key (EnableKeyRotation: true, a key policy naming administrators and users) and reference it: S3 SSEAlgorithm aws:kms + KMSMasterKeyID, SNS/SQS KmsMasterKeyId, Logs KmsKeyId, EBS KmsKeyId. (CloudTrail trails are CT-002's: it reports a trail without KMSKeyId.)",
        fix: Fix {
            yaml: "DataKey:\n  Type: AWS::KMS::Key\n  Properties:\n    EnableKeyRotation: true\n    KeyPolicy: {...}\nQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    KmsMasterKeyId: !Ref DataKey",
            json: "\"DataKey\": {\"Type\": \"AWS::KMS::Key\", \"Properties\": {\"EnableKeyRotation\": true, \"KeyPolicy\": {}}},\n\"Queue\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"KmsMasterKeyId\": {\"Ref\": \"DataKey\"}}}",
            cdk: "const dataKey = new kms.Key(this, 'DataKey', { enableKeyRotation: true });\nnew sqs.Queue(this, 'Queue', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: dataKey });\nnew s3.Bucket(this, 'Bucket', { encryption: s3.BucketEncryption.KMS, encryptionKey: dataKey });",
        },
        references: &[
            "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        ],
        aliases: &["AVD-AWS-0132", "AVD-AWS-0136", "AVD-AWS-0135", "AVD-AWS-0017", "CKV_AWS_158", "W84", "AVD-AWS-0027", "W37"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    match res.resource.typ.as_str() {
        "AWS::S3::Bucket" => bucket(cx, res, out, &who),
        "AWS::SNS::Topic" => {
            for f in res.at(cx, "KmsMasterKeyId") {
                // Absent: unencrypted, which SNS-001 reports.
                if let Some(v) = f.val {
                    key(res, out, &who, &f, v, "KmsMasterKeyId");
                }
            }
        }
        "AWS::SQS::Queue" => queue(cx, res, out, &who),
        "AWS::Logs::LogGroup" => optional_key(cx, res, out, &who, "KmsKeyId", "is encrypted with the CloudWatch Logs service key (no KmsKeyId)"),
        "AWS::EC2::Volume" => ebs(cx, res, out, &who, ""),
        "AWS::EC2::Instance" | "AWS::AutoScaling::LaunchConfiguration" => {
            for f in res.at(cx, "BlockDeviceMappings/*/Ebs") {
                if let Some(v) = f.val {
                    ebs_on(cx, res, out, &who, &f, v);
                }
            }
        }
        "AWS::EC2::LaunchTemplate" => {
            for f in res.at(cx, "LaunchTemplateData/BlockDeviceMappings/*/Ebs") {
                if let Some(v) = f.val {
                    ebs_on(cx, res, out, &who, &f, v);
                }
            }
        }
        _ => {}
    }
}

/// Judge a key reference found at `f`.
fn key(res: &Res, out: &mut Report, who: &str, f: &Found, v: &Val, prop: &str) {
    match is_customer_managed(v) {
        Some(true) => out.pass(Some(res.index), format!("{who}: customer managed key ({})", v.render_text())),
        Some(false) => out.fail(
            res.at_found(f),
            format!("{who} uses the AWS managed key {} ({prop}); its key policy cannot be changed", v.render_text()),
        ),
        None => {}
    }
}

/// A property that, when absent, leaves the resource on a service key.
fn optional_key(cx: &Ctx, res: &Res, out: &mut Report, who: &str, prop: &str, absent: &str) {
    for f in res.at(cx, prop) {
        match f.val {
            None => out.fail(res.at_found(&f), format!("{who} {absent}")),
            Some(v) => key(res, out, who, &f, v, prop),
        }
    }
}

fn bucket(cx: &Ctx, res: &Res, out: &mut Report, who: &str) {
    for f in res.at(cx, "BucketEncryption/ServerSideEncryptionConfiguration/*/ServerSideEncryptionByDefault") {
        let Some(sse) = f.val else { continue };
        for alg in sse.at("SSEAlgorithm") {
            let Some(when) = cx.eval.env.and(&f.when, &alg.when) else { continue };
            let Some(a) = alg.val.and_then(Val::as_str) else { continue };
            let at_alg = Found { when: when.clone(), val: alg.val, pointer: format!("{}{}", f.pointer, alg.pointer), span: alg.span };
            match a {
                "AES256" => out.fail(
                    res.at_found(&at_alg),
                    format!("{who} uses SSE-S3 (AES256): keys owned by S3, no key policy of yours; use aws:kms with a customer managed key"),
                ),
                "aws:kms" | "aws:kms:dsse" => {
                    for k in sse.at("KMSMasterKeyID") {
                        let Some(when) = cx.eval.env.and(&when, &k.when) else { continue };
                        match k.val {
                            None => out.fail(
                                res.at_found(&Found { when, ..at_alg.clone() }),
                                format!("{who} uses {a} without KMSMasterKeyID, i.e. the AWS managed key aws/s3"),
                            ),
                            Some(v) => {
                                let kf = Found { when, val: Some(v), pointer: format!("{}{}", f.pointer, k.pointer), span: v.span };
                                key(res, out, who, &kf, v, "KMSMasterKeyID");
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn queue(cx: &Ctx, res: &Res, out: &mut Report, who: &str) {
    for k in res.at(cx, "KmsMasterKeyId") {
        if let Some(v) = k.val {
            key(res, out, who, &k, v, "KmsMasterKeyId");
            continue;
        }
        for s in res.at(cx, "SqsManagedSseEnabled") {
            let Some(when) = cx.eval.env.and(&k.when, &s.when) else { continue };
            let msg = match s.val.map(Val::as_bool) {
                // Absent: new queues get SSE-SQS by default.
                None => format!("{who} relies on the default SSE-SQS encryption (keys owned by SQS); set KmsMasterKeyId to a customer managed key"),
                Some(Some(true)) => format!("{who} uses SSE-SQS (SqsManagedSseEnabled): keys owned by SQS; set KmsMasterKeyId to a customer managed key"),
                // Unencrypted (SQS-001) or not known.
                Some(_) => continue,
            };
            let at = Found { when, ..s.clone() };
            out.fail(res.at_found(&at), msg);
        }
    }
}

/// `AWS::EC2::Volume`: Encrypted true without a customer managed KmsKeyId.
fn ebs(cx: &Ctx, res: &Res, out: &mut Report, who: &str, prefix: &str) {
    for e in res.at(cx, &format!("{prefix}Encrypted")) {
        if e.val.and_then(Val::as_bool) != Some(true) {
            continue; // unencrypted volumes are EC2-003's
        }
        for k in res.at(cx, &format!("{prefix}KmsKeyId")) {
            let Some(when) = cx.eval.env.and(&e.when, &k.when) else { continue };
            match k.val {
                None => out.fail(res.at_found(&Found { when, ..e.clone() }), format!("{who} is encrypted with the AWS managed key aws/ebs (no KmsKeyId)")),
                Some(v) => key(res, out, who, &Found { when, ..k.clone() }, v, "KmsKeyId"),
            }
        }
    }
}

/// A block device mapping's `Ebs` block found at `f`.
fn ebs_on(cx: &Ctx, res: &Res, out: &mut Report, who: &str, f: &Found, ebs: &Val) {
    for e in ebs.at("Encrypted") {
        let Some(when) = cx.eval.env.and(&f.when, &e.when) else { continue };
        if e.val.and_then(Val::as_bool) != Some(true) {
            continue;
        }
        for k in ebs.at("KmsKeyId") {
            let Some(when) = cx.eval.env.and(&when, &k.when) else { continue };
            let pointer = format!("{}{}", f.pointer, k.pointer);
            match k.val {
                None => {
                    let at = Found { when, val: e.val, pointer: format!("{}{}", f.pointer, e.pointer), span: e.span };
                    out.fail(res.at_found(&at), format!("{who}: EBS volume encrypted with the AWS managed key aws/ebs (no KmsKeyId)"))
                }
                Some(v) => key(res, out, who, &Found { when, val: Some(v), pointer, span: k.span }, v, "KmsKeyId"),
            }
        }
    }
}
