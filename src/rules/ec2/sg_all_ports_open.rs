//! SG-003: all ports open to the internet.

use crate::rules::support::ingress::{self, SECURITY_GROUP, STANDALONE};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SG-003",
        slug: "sg-all-ports-open",
        title: "Security group allows all ports from the internet",
        strength: "No security group opens every port to the internet",
        service: "ec2",
        category: Category::NetworkFiltering,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &[SECURITY_GROUP, STANDALONE],
        baseline: false,
        rationale: "IpProtocol -1 (or 0-65535) from 0.0.0.0/0 or ::/0 turns the security group off: every listening service, including ones started later or by mistake, is on the internet.",
        risk: "Databases, caches, agents, debug ports and admin consoles on the instances are reachable by anyone; one of them being unauthenticated or unpatched is enough.",
        impact: "Compromise of the instances and their data, and a foothold inside the VPC.",
        remediation: "Replace the rule with the specific ports the workload serves, from the narrowest source: a load balancer security group, a prefix list or a known CIDR.",
        fix: Fix {
            yaml: "SecurityGroupIngress:\n  - IpProtocol: tcp\n    FromPort: 443\n    ToPort: 443\n    SourceSecurityGroupId: !Ref LoadBalancerSecurityGroup",
            json: "\"SecurityGroupIngress\": [{\n  \"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443,\n  \"SourceSecurityGroupId\": {\"Ref\": \"LoadBalancerSecurityGroup\"}\n}]",
            cdk: "// Instead of sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic()):\nappSg.addIngressRule(albSg, ec2.Port.tcp(443), 'HTTPS from the load balancer');",
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-security-group-rule.html",
        ],
        aliases: &[],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let parsed = ingress::for_check(cx, res);
    let mut failed = false;
    for r in parsed.rules.iter().filter(|r| r.source.is_anywhere() && r.all_ports()) {
        out.fail(r.at.clone(), format!("{} allows {} from {}", r.subject(), r.ports_text(), r.source.describe()));
        failed |= r.by_default(cx);
    }
    if !failed && parsed.unknown == 0 && res.resource.typ == SECURITY_GROUP {
        out.pass(Some(res.index), format!("security group {}: no all-ports rule from the internet", res.id()));
    }
}
