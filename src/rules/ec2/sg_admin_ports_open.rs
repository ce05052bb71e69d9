//! SG-001: no SSH or RDP from the whole internet.

use crate::rules::support::ingress::{self, SECURITY_GROUP, STANDALONE};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SG-001",
        slug: "sg-admin-ports-open",
        title: "Security group allows SSH or RDP from the internet",
        strength: "No SSH or RDP reachable from the internet",
        service: "ec2",
        category: Category::NetworkFiltering,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &[SECURITY_GROUP, STANDALONE],
        baseline: false,
        rationale: "SSH (22) and RDP (3389) are remote-administration services; exposed to 0.0.0.0/0 or ::/0 they are found by internet-wide scanners within minutes and brute-forced continuously.",
        risk: "Anyone on the internet can attempt authentication against the host; a weak password, a leaked key or an unpatched sshd/RDP vulnerability gives interactive access.",
        impact: "Full control of the instance and whatever its instance role can reach: data theft, lateral movement inside the VPC, ransomware.",
        remediation: "Remove the rule. Administer instances through AWS Systems Manager Session Manager (no inbound port), or restrict the source to a bastion security group or a corporate prefix list.",
        fix: Fix {
            yaml: "# Drop the 0.0.0.0/0 rule; reach hosts with SSM Session Manager instead.\nSecurityGroupIngress:\n  - IpProtocol: tcp\n    FromPort: 22\n    ToPort: 22\n    SourceSecurityGroupId: !Ref BastionSecurityGroup\n    Description: SSH from the bastion only",
            json: "\"SecurityGroupIngress\": [{\n  \"IpProtocol\": \"tcp\", \"FromPort\": 22, \"ToPort\": 22,\n  \"SourceSecurityGroupId\": {\"Ref\": \"BastionSecurityGroup\"},\n  \"Description\": \"SSH from the bastion only\"\n}]",
            cdk: "// No ingress for administration: attach AmazonSSMManagedInstanceCore and use Session Manager.\ninstanceSg.addIngressRule(bastionSg, ec2.Port.tcp(22), 'SSH from the bastion only');",
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13",
        ],
        aliases: &["CKV_AWS_24", "CKV_AWS_25", "AVD-AWS-0107"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let parsed = ingress::for_check(cx, res);
    let mut failed = false;
    for r in parsed.rules.iter().filter(|r| r.source.is_anywhere()) {
        if let Some(ports) = ingress::admin_ports(r) {
            out.fail(
                r.at.clone(),
                format!("{} allows {ports} from {} ({})", r.subject(), r.source.describe(), r.ports_text()),
            );
            failed |= r.by_default(cx);
        }
    }
    if !failed && parsed.unknown == 0 && res.resource.typ == SECURITY_GROUP {
        out.pass(Some(res.index), format!("security group {}: no SSH or RDP from 0.0.0.0/0 or ::/0", res.id()));
    }
}
