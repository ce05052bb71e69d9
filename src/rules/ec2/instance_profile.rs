//! EC2-001: instances run with an IAM role (instance profile).

use crate::eval::Found;
use crate::rules::support::launch_template::{self, LAUNCH_TEMPLATE, Link};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

const INSTANCE: &str = "AWS::EC2::Instance";
const LAUNCH_CONFIGURATION: &str = "AWS::AutoScaling::LaunchConfiguration";

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "EC2-001",
        slug: "ec2-instance-profile",
        title: "EC2 instance without an IAM instance profile",
        strength: "EC2 instances use IAM roles instead of static credentials",
        service: "ec2",
        category: Category::IdentityAndAccess,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &[INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
        baseline: false,
        rationale: "An instance profile gives the instance short-lived, automatically rotated role credentials; without one, software that calls AWS ends up with access keys in files, environment variables or user data, and Session Manager cannot be used.",
        risk: "Long-lived access keys on disk leak through backups, images and logs and are rarely rotated; the instance cannot be managed through SSM, which pushes teams to open SSH.",
        impact: "Credential theft with lasting access; no Session Manager, patching or inventory through Systems Manager.",
        remediation: "Create an AWS::IAM::Role trusted by ec2.amazonaws.com with least-privilege policies (plus AmazonSSMManagedInstanceCore), wrap it in an AWS::IAM::InstanceProfile and set IamInstanceProfile on the instance, launch template or launch configuration.",
        fix: Fix {
            yaml: "InstanceProfile:\n  Type: AWS::IAM::InstanceProfile\n  Properties:\n    Roles: [!Ref InstanceRole]\nInstance:\n  Type: AWS::EC2::Instance\n  Properties:\n    IamInstanceProfile: !Ref InstanceProfile",
            json: "\"InstanceProfile\": {\"Type\": \"AWS::IAM::InstanceProfile\", \"Properties\": {\"Roles\": [{\"Ref\": \"InstanceRole\"}]}},\n\"Instance\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\"IamInstanceProfile\": {\"Ref\": \"InstanceProfile\"}}}",
            cdk: "const role = new iam.Role(this, 'InstanceRole', {\n  assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),\n  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],\n});\nnew ec2.Instance(this, 'Instance', { role, /* ... */ });",
        },
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html",
        ],
        aliases: &[],
    },
    check: Check::Resource(check),
};

fn judge(res: &Res, what: &str, f: &Found, at: At, via: Option<&str>, out: &mut Report) {
    let via = via.map_or(String::new(), |t| format!(" (through launch template {t})"));
    match f.val {
        // A parameter without default could be anything, even empty: never guess.
        Some(v) if v.is_unknown() => {}
        Some(_) => out.pass(Some(res.index), format!("{what} {}: instance profile{via}", res.id())),
        None => out.fail(at, format!("{what} {} has no IamInstanceProfile{via}", res.id())),
    }
}

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let (what, path) = match res.resource.typ.as_str() {
        LAUNCH_TEMPLATE => ("launch template", "LaunchTemplateData/IamInstanceProfile"),
        LAUNCH_CONFIGURATION => ("launch configuration", "IamInstanceProfile"),
        INSTANCE => return instance(cx, res, out),
        _ => return,
    };
    for f in res.at(cx, path) {
        judge(res, what, &f, res.at_found(&f), None, out);
    }
}

fn instance(cx: &Ctx, res: &Res, out: &mut Report) {
    for own in res.at(cx, "IamInstanceProfile") {
        if own.val.is_some() {
            // Set on the instance: it wins over the launch template.
            judge(res, "instance", &own, res.at_found(&own), None, out);
            continue;
        }
        for (lt, link) in launch_template::links(cx, res, "LaunchTemplate") {
            let Some(when) = cx.eval.env.and(&own.when, &lt.when) else { continue };
            match link {
                Link::Absent => judge(res, "instance", &own, At { when, ..res.at_found(&own) }, None, out),
                Link::Unresolved => {}
                Link::Template(t) => {
                    let template = cx.res(t);
                    for f in template.at(cx, "LaunchTemplateData/IamInstanceProfile") {
                        let Some(when) = cx.eval.env.and(&when, &f.when) else { continue };
                        let at = At { when, ..res.at_found(&lt) };
                        judge(res, "instance", &f, at, Some(template.id()), out);
                    }
                }
            }
        }
    }
}
