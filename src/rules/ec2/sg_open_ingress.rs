//! SG-004: other ports open to the internet (beyond web ports).

use crate::rules::support::ingress::{self, SECURITY_GROUP, STANDALONE};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SG-004",
        slug: "sg-open-ingress",
        title: "Security group exposes a non-web port to the internet",
        strength: "Security groups admit only the traffic they need",
        service: "ec2",
        category: Category::NetworkFiltering,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &[SECURITY_GROUP, STANDALONE],
        baseline: false,
        rationale: "Only public web endpoints (80/443, normally on a load balancer) need to accept connections from anywhere; any other port open to 0.0.0.0/0 or ::/0 widens the attack surface for no business reason.",
        risk: "Application, database or management ports (8080, 3306, 5432, 6379, 9200...) are scanned and attacked directly, bypassing the load balancer, WAF and TLS termination.",
        impact: "Data exposure or compromise of the service behind the port.",
        remediation: "Restrict the source to the security group of the load balancer or client tier, a managed prefix list, or a specific CIDR; put public services behind a load balancer on 443.",
        fix: Fix {
            yaml: "SecurityGroupIngress:\n  - IpProtocol: tcp\n    FromPort: 8080\n    ToPort: 8080\n    SourceSecurityGroupId: !Ref LoadBalancerSecurityGroup\n    Description: app port from the ALB only",
            json: "\"SecurityGroupIngress\": [{\n  \"IpProtocol\": \"tcp\", \"FromPort\": 8080, \"ToPort\": 8080,\n  \"SourceSecurityGroupId\": {\"Ref\": \"LoadBalancerSecurityGroup\"},\n  \"Description\": \"app port from the ALB only\"\n}]",
            cdk: "appSg.addIngressRule(albSg, ec2.Port.tcp(8080), 'app port from the ALB only');",
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html",
        ],
        aliases: &["W2", "AwsSolutions-EC23"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let parsed = ingress::for_check(cx, res);
    let is_group = res.resource.typ == SECURITY_GROUP;
    let lb_group = is_group && ingress::is_load_balancer_group(cx, res.index);
    let mut clean = parsed.unknown == 0;
    for r in parsed.rules.iter().filter(|r| r.source.is_anywhere()) {
        if r.web_only() && lb_group {
            continue;
        }
        clean &= !r.by_default(cx);
        // Web ports, ICMP, and what SG-001/SG-003 report are not this rule's findings.
        if r.web_only() || r.is_icmp() || r.all_ports() || ingress::admin_ports(r).is_some() {
            continue;
        }
        out.fail(r.at.clone(), format!("{} allows {} from {}", r.subject(), r.ports_text(), r.source.describe()));
    }
    if clean && is_group {
        let evidence = if parsed.rules.is_empty() {
            format!("security group {}: no inbound rules", res.id())
        } else if lb_group && parsed.rules.iter().any(|r| r.source.is_anywhere()) {
            format!("security group {}: load balancer group open to the internet on web ports only", res.id())
        } else {
            format!("security group {}: inbound only from security groups, prefix lists or specific CIDRs", res.id())
        };
        out.pass(Some(res.index), evidence);
    }
}
