//! VPC-003: subnets left on the VPC's default network ACL.

use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "VPC-003",
        slug: "vpc-default-nacl",
        title: "Subnet uses the default network ACL",
        strength: "Subnets have custom network ACLs",
        service: "vpc",
        category: Category::NetworkSegmentation,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::EC2::Subnet"],
        baseline: false,
        rationale: "The default network ACL allows all inbound and outbound traffic; a custom ACL per tier adds a stateless, subnet-level layer that still holds when a security group is misconfigured.",
        risk: "Security groups are the only network control: one overly broad group rule exposes the subnet, and nothing stops traffic between tiers at the subnet boundary.",
        impact: "Weaker defence in depth and segmentation between public, application and data subnets.",
        remediation: "Create an AWS::EC2::NetworkAcl per subnet tier with explicit AWS::EC2::NetworkAclEntry rules (allowing return traffic on ephemeral ports) and associate it with AWS::EC2::SubnetNetworkAclAssociation.",
        fix: Fix {
            yaml: "PrivateNacl:\n  Type: AWS::EC2::NetworkAcl\n  Properties:\n    VpcId: !Ref Vpc\nPrivateNaclAssociation:\n  Type: AWS::EC2::SubnetNetworkAclAssociation\n  Properties:\n    SubnetId: !Ref PrivateSubnet\n    NetworkAclId: !Ref PrivateNacl",
            json: "\"PrivateNacl\": {\"Type\": \"AWS::EC2::NetworkAcl\", \"Properties\": {\"VpcId\": {\"Ref\": \"Vpc\"}}},\n\"PrivateNaclAssociation\": {\n  \"Type\": \"AWS::EC2::SubnetNetworkAclAssociation\",\n  \"Properties\": {\"SubnetId\": {\"Ref\": \"PrivateSubnet\"}, \"NetworkAclId\": {\"Ref\": \"PrivateNacl\"}}\n}",
            cdk: "new ec2.NetworkAcl(this, 'PrivateNacl', {\n  vpc,\n  subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-subnetnetworkaclassociation.html",
        ],
        aliases: &[],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let acls = cx.graph.subnet_network_acls(cx.template, res.index);
    match acls.first() {
        Some(&acl) => out.pass(Some(res.index), format!("subnet {}: network ACL {}", res.id(), cx.template.resources[acl].id)),
        None => out.fail(
            res.here(),
            format!("subnet {} has no SubnetNetworkAclAssociation, so it uses the default network ACL (all traffic allowed)", res.id()),
        ),
    }
}
