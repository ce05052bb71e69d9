//! RDS-002: publicly accessible DB instances.

use crate::eval::Val;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "RDS-002",
        slug: "rds-public-access",
        title: "RDS DB instance is publicly accessible",
        strength: "Databases are reachable only from inside the VPC",
        service: "rds",
        category: Category::NetworkSegmentation,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &["AWS::RDS::DBInstance"],
        baseline: false,
        rationale: "PubliclyAccessible: true gives the instance a public DNS name resolving to a public IP. Only security groups then stand between the database port and the internet.",
        risk: "One permissive security group rule (or a later change) exposes the database to internet-wide password guessing and exploitation of engine vulnerabilities.",
        impact: "Breach of the application's data store; databases are the first target of internet scans.",
        remediation: "Set PubliclyAccessible: false, place the instance in private subnets (DBSubnetGroupName) and reach it through the application tier, a bastion-free SSM port forward, or RDS Proxy.",
        fix: Fix {
            yaml: "Database:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    PubliclyAccessible: false\n    DBSubnetGroupName: !Ref PrivateDbSubnets",
            json: "\"Database\": {\"Type\": \"AWS::RDS::DBInstance\", \"Properties\": {\"PubliclyAccessible\": false, \"DBSubnetGroupName\": {\"Ref\": \"PrivateDbSubnets\"}}}",
            cdk: "new rds.DatabaseInstance(this, 'Database', {\n  engine, vpc,\n  publiclyAccessible: false,\n  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },\n});",
        },
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding"],
        aliases: &["CKV_AWS_17", "F22", "AVD-AWS-0180"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let in_subnet_group = res.at(cx, "DBSubnetGroupName").iter().any(|f| f.val.is_some());
    for f in res.at(cx, "PubliclyAccessible") {
        match f.val.map(Val::as_bool) {
            Some(Some(true)) => out.fail(res.at_found(&f), format!("DB instance {} is publicly accessible (PubliclyAccessible: true)", res.id())),
            Some(Some(false)) => out.pass(Some(res.index), format!("DB instance {}: not publicly accessible", res.id())),
            // Absent: private when placed in a subnet group; in the default VPC the default
            // is public, which this rule does not guess.
            None if in_subnet_group => out.pass(Some(res.index), format!("DB instance {}: not publicly accessible (default in a DB subnet group)", res.id())),
            _ => {}
        }
    }
}
