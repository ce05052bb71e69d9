//! IAM-001: long-term credentials created by the stack (access keys, console passwords).

use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "IAM-001",
        slug: "iam-static-credentials",
        title: "Stack creates long-term IAM credentials (access keys or console passwords)",
        strength: "Workloads use IAM roles instead of static credentials",
        service: "iam",
        category: Category::IdentityAndAccess,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &[],
        baseline: false,
        rationale: "Roles (instance profiles, Lambda execution roles, ECS task roles) hand out short-lived credentials that rotate automatically. An AWS::IAM::AccessKey or a user LoginProfile is a long-term secret that someone must store, distribute and rotate.",
        risk: "Access keys leak through code, CI logs, laptops and stack outputs, and stay valid until someone deletes them; a console password on a stack-made user is rarely protected by MFA.",
        impact: "Persistent access for whoever finds the key; the most common root cause of AWS account compromise.",
        remediation: "Remove AWS::IAM::AccessKey and LoginProfile. Give compute an IAM role (IamInstanceProfile, Lambda Role, ECS TaskRoleArn); for people, use IAM Identity Center; for external systems, IAM Roles Anywhere or OIDC federation.",
        fix: Fix {
            yaml: "AppRole:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument:\n      Statement:\n        - Effect: Allow\n          Principal: {Service: ec2.amazonaws.com}\n          Action: sts:AssumeRole\nAppProfile:\n  Type: AWS::IAM::InstanceProfile\n  Properties:\n    Roles: [!Ref AppRole]",
            json: "\"AppRole\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {\"AssumeRolePolicyDocument\": {\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}}},\n\"AppProfile\": {\"Type\": \"AWS::IAM::InstanceProfile\", \"Properties\": {\"Roles\": [{\"Ref\": \"AppRole\"}]}}",
            cdk: "const role = new iam.Role(this, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });\nnew ec2.Instance(this, 'App', { role, /* ... */ });",
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
        ],
        aliases: &[],
    },
    check: Check::Stack(check),
};

/// Compute that runs with a role, and where the role is set.
const ROLE_HOLDERS: &[(&str, &str)] = &[
    ("AWS::EC2::Instance", "IamInstanceProfile"),
    ("AWS::EC2::LaunchTemplate", "LaunchTemplateData/IamInstanceProfile"),
    ("AWS::AutoScaling::LaunchConfiguration", "IamInstanceProfile"),
    ("AWS::Lambda::Function", "Role"),
    ("AWS::ECS::TaskDefinition", "TaskRoleArn"),
    ("AWS::Serverless::Function", ""),
];

fn check(cx: &Ctx, out: &mut Report) {
    let mut failed = false;
    for res in cx.resources_of(&["AWS::IAM::AccessKey", "AWS::IAM::User"]) {
        if res.resource.typ == "AWS::IAM::AccessKey" {
            let user = res.at(cx, "UserName").iter().find_map(|f| f.val.map(|v| match &v.kind {
                crate::eval::ValKind::Ref { target, .. } => target.clone(),
                _ => v.render_text().into_owned(),
            }));
            let whose = user.map_or(String::new(), |u| format!(" for user {u}"));
            out.fail(res.here(), format!("access key {} creates a long-term access key{whose}; use an IAM role instead", res.id()));
            failed = true;
        } else {
            for f in res.at(cx, "LoginProfile") {
                if f.val.is_some() {
                    out.fail(res.at_found(&f), format!("user {} gets a console password (LoginProfile); use IAM Identity Center for people", res.id()));
                    failed = true;
                }
            }
        }
    }
    if failed {
        return;
    }
    let mut holders = Vec::new();
    for (typ, path) in ROLE_HOLDERS {
        for res in cx.resources_of(&[typ]) {
            // SAM functions always get a role (created by the transform if not given).
            let has_role = path.is_empty() || res.at(cx, path).iter().any(|f| f.val.is_some());
            if has_role {
                holders.push(format!("{} {}", typ.rsplit("::").next().unwrap_or(typ), res.id()));
            }
        }
    }
    if !holders.is_empty() {
        out.pass(None, format!("Workloads use IAM roles, no access keys: {}", holders.join(", ")));
    }
}
