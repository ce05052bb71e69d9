//! SG-002: SSH/RDP from CIDR ranges (even private ones) instead of Session Manager.

use crate::rules::support::ingress::{self, SECURITY_GROUP, STANDALONE};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SG-002",
        slug: "sg-admin-ports-cidr",
        title: "Security group allows SSH or RDP from a CIDR range",
        strength: "Administrative access does not rely on network-range SSH/RDP rules",
        service: "ec2",
        category: Category::NetworkFiltering,
        severity: Severity::Medium,
        tier: Tier::High,
        resource_types: &[SECURITY_GROUP, STANDALONE],
        baseline: false,
        rationale: "An SSH/RDP rule from an address range (the VPC CIDR, an office range, a VPN pool) trusts every host in that range; Session Manager gives audited, IAM-controlled access without any inbound port.",
        risk: "A single compromised host or device inside the range can reach the administration port of every instance in the group; keys and passwords become the only control.",
        impact: "Lateral movement across the VPC and interactive access to instances without an audit trail of commands.",
        remediation: "Remove the SSH/RDP rule and use SSM Session Manager (instance role with AmazonSSMManagedInstanceCore, VPC endpoints for ssm/ssmmessages/ec2messages in private subnets). If a port must stay, restrict it to a bastion security group or a managed prefix list.",
        fix: Fix {
            yaml: "# Delete the SSH/RDP rule; keep only what the workload serves. Operators connect\n# with `aws ssm start-session` (role with AmazonSSMManagedInstanceCore; IAM decides who).\nSecurityGroupIngress:\n  - IpProtocol: tcp\n    FromPort: 80\n    ToPort: 80\n    SourceSecurityGroupId: !Ref LoadBalancerSecurityGroup",
            json: "\"SecurityGroupIngress\": [{\n  \"IpProtocol\": \"tcp\", \"FromPort\": 80, \"ToPort\": 80,\n  \"SourceSecurityGroupId\": {\"Ref\": \"LoadBalancerSecurityGroup\"}\n}]",
            cdk: "// Delete sg.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(22)) and use\n// Session Manager instead:\nrole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'));",
        },
        references: &[
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        ],
        aliases: &[],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let parsed = ingress::for_check(cx, res);
    let mut clean = parsed.unknown == 0;
    for r in parsed.rules.iter().filter(|r| r.source.is_cidr()) {
        let Some(ports) = ingress::admin_ports(r) else { continue };
        clean &= !r.by_default(cx);
        if r.source.is_anywhere() {
            continue; // SG-001 reports it.
        }
        out.fail(
            r.at.clone(),
            format!(
                "{} allows {ports} from {} ({}); use SSM Session Manager instead of network-range access",
                r.subject(),
                r.source.describe(),
                r.ports_text()
            ),
        );
    }
    if clean && res.resource.typ == SECURITY_GROUP {
        out.pass(Some(res.index), format!("security group {}: no SSH or RDP from CIDR ranges", res.id()));
    }
}
