//! EC2-004: workloads placed in public subnets.

use crate::graph::network::Exposure;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

const INSTANCE: &str = "AWS::EC2::Instance";
const ASG: &str = "AWS::AutoScaling::AutoScalingGroup";

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "EC2-004",
        slug: "ec2-private-subnets",
        title: "Workload runs in a public subnet",
        strength: "Workloads run in private subnets",
        service: "ec2",
        category: Category::NetworkSegmentation,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &[INSTANCE, ASG],
        baseline: false,
        rationale: "A subnet whose route table sends 0.0.0.0/0 to an internet gateway puts instances one public IP (or one security-group mistake) away from the internet; application and data tiers belong in private subnets behind a load balancer, with egress through NAT or VPC endpoints.",
        risk: "Any instance that gets a public address (MapPublicIpOnLaunch, an ENI setting, an Elastic IP) is directly reachable, and the security group becomes the only barrier.",
        impact: "Direct exposure of instances to internet scanning and attack; a broader blast radius for security-group errors.",
        remediation: "Launch instances and Auto Scaling groups in private subnets (route table default route to a NAT gateway, or none), expose them through a load balancer in the public subnets, and use Session Manager for administration.",
        fix: Fix {
            yaml: "AppInstance:\n  Type: AWS::EC2::Instance\n  Properties:\n    SubnetId: !Ref PrivateSubnetA   # route table: 0.0.0.0/0 -> NAT gateway\n# Auto Scaling: VPCZoneIdentifier: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]",
            json: "\"AppInstance\": {\n  \"Type\": \"AWS::EC2::Instance\",\n  \"Properties\": {\"SubnetId\": {\"Ref\": \"PrivateSubnetA\"}}\n}",
            cdk: "new ec2.Instance(this, 'App', {\n  vpc,\n  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },\n  // ...\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
            "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-example-private-subnets-nat.html",
        ],
        aliases: &[],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let (what, paths): (&str, &[&str]) = match res.resource.typ.as_str() {
        INSTANCE => ("instance", &["SubnetId", "NetworkInterfaces/*/SubnetId"]),
        ASG => ("Auto Scaling group", &["VPCZoneIdentifier/*"]),
        _ => return,
    };
    let mut private = Vec::new();
    let mut public = false;
    for path in paths {
        for f in res.at(cx, path) {
            let Some(v) = f.val else { continue };
            for target in v.refs() {
                let Some(subnet) =
                    cx.graph.index_of(target).filter(|&i| cx.template.resources[i].typ == "AWS::EC2::Subnet")
                else {
                    continue;
                };
                match cx.graph.subnet_exposure(cx.template, cx.eval, subnet) {
                    Exposure::Public { route_table } => {
                        public |= cx.eval.env.holds_by_default(&f.when);
                        out.fail(
                            res.at_found(&f),
                            format!(
                                "{what} {} runs in public subnet {target} (route table {route_table} sends 0.0.0.0/0 to an internet gateway)",
                                res.id()
                            ),
                        );
                    }
                    Exposure::Private => private.push(target.to_string()),
                }
            }
        }
    }
    private.sort();
    private.dedup();
    if !public && !private.is_empty() {
        out.pass(Some(res.index), format!("{what} {}: private subnet(s) {}", res.id(), private.join(", ")));
    }
}
