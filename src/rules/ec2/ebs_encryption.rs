//! EC2-003: EBS volumes are encrypted.

use crate::rules::support::path::within;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

const INSTANCE: &str = "AWS::EC2::Instance";
const LAUNCH_TEMPLATE: &str = "AWS::EC2::LaunchTemplate";
const LAUNCH_CONFIGURATION: &str = "AWS::AutoScaling::LaunchConfiguration";
const VOLUME: &str = "AWS::EC2::Volume";

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "EC2-003",
        slug: "ec2-ebs-encryption",
        title: "EBS volume without encryption",
        strength: "EBS volumes are encrypted at rest",
        service: "ec2",
        category: Category::Encryption,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &[VOLUME, INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
        baseline: false,
        rationale: "EBS encryption protects data at rest, in snapshots and in transit between the instance and the volume, at no performance cost; an unencrypted volume's snapshots can be shared or copied in clear.",
        risk: "Data on the volume and every snapshot of it is readable by anyone who obtains a snapshot or the underlying storage; unencrypted snapshots can be made public by mistake.",
        impact: "Disclosure of application data, credentials and logs stored on disk; non-compliance with encryption-at-rest requirements.",
        remediation: "Set Encrypted: true (with KmsKeyId for a customer-managed key) on AWS::EC2::Volume and on every Ebs block device mapping; also enable EBS encryption by default in each account and region.",
        fix: Fix {
            yaml: "BlockDeviceMappings:\n  - DeviceName: /dev/xvda\n    Ebs:\n      VolumeSize: 20\n      VolumeType: gp3\n      Encrypted: true\n      KmsKeyId: !Ref EbsKey",
            json: "\"BlockDeviceMappings\": [{\n  \"DeviceName\": \"/dev/xvda\",\n  \"Ebs\": {\"VolumeSize\": 20, \"VolumeType\": \"gp3\", \"Encrypted\": true, \"KmsKeyId\": {\"Ref\": \"EbsKey\"}}\n}]",
            cdk: "blockDevices: [{\n  deviceName: '/dev/xvda',\n  volume: ec2.BlockDeviceVolume.ebs(20, { encrypted: true, kmsKey: ebsKey }),\n}],",
        },
        references: &[
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-launchtemplate-ebs.html",
        ],
        aliases: &["CKV_AWS_3", "CKV_AWS_8", "F1", "AwsSolutions-EC26", "AVD-AWS-0026", "AVD-AWS-0008", "AVD-AWS-0131"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let (what, base) = match res.resource.typ.as_str() {
        VOLUME => return volume(cx, res, out),
        INSTANCE => ("instance", "BlockDeviceMappings/*"),
        LAUNCH_CONFIGURATION => ("launch configuration", "BlockDeviceMappings/*"),
        LAUNCH_TEMPLATE => ("launch template", "LaunchTemplateData/BlockDeviceMappings/*"),
        _ => return,
    };
    let mut encrypted = 0;
    let mut failed = false;
    for mapping in res.at(cx, base) {
        let device = within(cx, &mapping, "DeviceName")
            .iter()
            .find_map(|d| d.val.and_then(|v| v.as_str()).map(str::to_string))
            .unwrap_or_else(|| "a block device".to_string());
        // Mappings without Ebs are instance-store or NoDevice entries.
        for ebs in within(cx, &mapping, "Ebs").into_iter().filter(|e| e.val.is_some()) {
            let from_snapshot = within(cx, &ebs, "SnapshotId").iter().any(|s| s.val.is_some());
            for enc in within(cx, &ebs, "Encrypted") {
                match enc.val.map(|v| v.as_bool()) {
                    Some(Some(true)) => encrypted += 1,
                    // A volume from a snapshot inherits the snapshot's encryption.
                    None if from_snapshot => {}
                    Some(Some(false)) | None => {
                        failed |= cx.eval.env.holds_by_default(&enc.when);
                        let how = if enc.val.is_some() { "Encrypted: false" } else { "no Encrypted: true" };
                        out.fail(
                            res.at_found(&enc),
                            format!("{what} {}: EBS volume {device} is not encrypted ({how})", res.id()),
                        );
                    }
                    Some(None) => {}
                }
            }
        }
    }
    if encrypted > 0 && !failed {
        out.pass(Some(res.index), format!("{what} {}: {encrypted} EBS block device(s) encrypted", res.id()));
    }
}

fn volume(cx: &Ctx, res: &Res, out: &mut Report) {
    let from_snapshot = res.at(cx, "SnapshotId").iter().any(|s| s.val.is_some());
    for f in res.at(cx, "Encrypted") {
        match f.val.map(|v| v.as_bool()) {
            Some(Some(true)) => out.pass(Some(res.index), format!("volume {}: encrypted", res.id())),
            None if from_snapshot => {}
            Some(Some(false)) => {
                out.fail(res.at_found(&f), format!("volume {} is not encrypted (Encrypted: false)", res.id()))
            }
            None => out.fail(res.at_found(&f), format!("volume {} does not set Encrypted: true", res.id())),
            Some(None) => {}
        }
    }
}
