//! VPC-002: every VPC has a flow log.

use crate::eval::When;
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "VPC-002",
        slug: "vpc-flow-logs",
        title: "VPC without flow logs",
        strength: "VPC flow logs record network traffic",
        service: "vpc",
        category: Category::Logging,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &["AWS::EC2::VPC"],
        baseline: false,
        rationale: "Flow logs are the only record of which addresses talked to which ports in the VPC; incident response, threat detection (GuardDuty uses them) and troubleshooting of security-group changes depend on them.",
        risk: "Scanning, data exfiltration and lateral movement inside the network leave no trace that can be investigated after the fact.",
        impact: "Incidents cannot be scoped or proven; compliance frameworks (PCI DSS, CIS AWS Foundations 3.9) are not met.",
        remediation: "Add an AWS::EC2::FlowLog with ResourceType VPC, ResourceId !Ref the VPC, TrafficType ALL, delivering to CloudWatch Logs (with an IAM role) or to an S3 bucket.",
        fix: Fix {
            yaml: "VpcFlowLog:\n  Type: AWS::EC2::FlowLog\n  Properties:\n    ResourceType: VPC\n    ResourceId: !Ref Vpc\n    TrafficType: ALL\n    LogDestinationType: s3\n    LogDestination: !GetAtt FlowLogBucket.Arn",
            json: "\"VpcFlowLog\": {\n  \"Type\": \"AWS::EC2::FlowLog\",\n  \"Properties\": {\n    \"ResourceType\": \"VPC\", \"ResourceId\": {\"Ref\": \"Vpc\"}, \"TrafficType\": \"ALL\",\n    \"LogDestinationType\": \"s3\", \"LogDestination\": {\"Fn::GetAtt\": [\"FlowLogBucket\", \"Arn\"]}\n  }\n}",
            cdk: "vpc.addFlowLog('FlowLog', {\n  destination: ec2.FlowLogDestination.toS3(flowLogBucket),\n  trafficType: ec2.FlowLogTrafficType.ALL,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-flowlog.html",
        ],
        aliases: &["W60", "AwsSolutions-VPC7", "AVD-AWS-0178"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let logs = cx.graph.flow_logs(cx.template, res.index);
    // The VPC has no flow log when every flow log's own condition is false.
    let mut missing = Some(res.when.clone());
    for &fl in &logs {
        // A flow log under one condition is absent when that condition is false. An
        // unconditional one (or one under a conjunction, which is not one scenario when
        // negated) counts as present.
        let negated = match cx.eval.resources[fl].when.literals() {
            [(name, value)] => Some(When::one(name, !value)),
            _ => None,
        };
        missing = missing.and_then(|m| negated.and_then(|n| cx.eval.env.and(&m, &n)));
    }
    if let Some(when) = &missing {
        let message = if logs.is_empty() {
            format!("VPC {} has no flow log (AWS::EC2::FlowLog with ResourceId {})", res.id(), res.id())
        } else {
            format!("VPC {} has no flow log when {when}", res.id())
        };
        out.fail(At { when: when.clone(), ..res.here() }, message);
    }
    if missing.as_ref().is_none_or(|w| !cx.eval.env.holds_by_default(w)) {
        for &fl in &logs {
            let f = cx.res(fl);
            let traffic =
                f.at(cx, "TrafficType").iter().find_map(|t| t.val.and_then(|v| v.as_str()).map(str::to_string));
            let dest =
                f.at(cx, "LogDestinationType").iter().find_map(|t| t.val.and_then(|v| v.as_str()).map(str::to_string));
            out.pass(
                Some(res.index),
                format!(
                    "VPC {}: flow log {} (traffic {}, to {})",
                    res.id(),
                    f.id(),
                    traffic.as_deref().unwrap_or("?"),
                    dest.as_deref().unwrap_or("cloud-watch-logs")
                ),
            );
        }
    }
}
