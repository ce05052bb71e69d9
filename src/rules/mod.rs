//! rules: one rule per file under `rules/<service>/`, each a [`Meta`] plus a check.
//!
//! The registry below is the only list of rules; `tests/rules_meta.rs` checks it against
//! the files on disk, so a rule file cannot be forgotten.

mod context;
pub mod meta;
pub mod support;

pub use context::{At, Ctx, Outcome, Pass, RawFinding, Report, Res, RuleConfig};
pub use meta::{Category, Fix, Meta, Severity, Tier};

/// A rule: metadata and a check.
pub struct Rule {
    pub meta: Meta,
    pub check: Check,
}

pub enum Check {
    /// Called once per resource whose type is in `meta.resource_types`.
    Resource(fn(&Ctx, &Res, &mut Report)),
    /// Called once per template (stack-wide questions: "is there a CloudTrail trail?").
    Stack(fn(&Ctx, &mut Report)),
}

macro_rules! registry {
    ($($service:ident { $($rule:ident),* $(,)? })*) => {
        $(pub mod $service { $(pub mod $rule;)* })*
        /// Every rule, in id order of registration.
        pub static ALL: &[&Rule] = &[$($(&$service::$rule::RULE,)*)*];
        /// `(service folder, file name)` of every registered rule, for the meta-test.
        pub static FILES: &[(&str, &str)] = &[$($((stringify!($service), stringify!($rule)),)*)*];
    };
}

registry! {
    cloudfront { viewer_https }
    cloudtrail { trail_present, trail_settings }
    cloudwatch { alarms }
    config { recorder }
    dynamodb { point_in_time_recovery }
    ec2 { ebs_encryption, imdsv2, instance_profile, private_subnets, sg_admin_ports_open, sg_admin_ports_cidr, sg_all_ports_open, sg_open_ingress }
    efs { encryption }
    guardduty { detector }
    iam { static_credentials, wildcard_resource, wildcard_action, admin_policy_attached }
    kms { customer_managed_keys, key_rotation }
    lambda { environment_kms }
    logs { retention }
    opensearch { domain_encryption, public_access_policy }
    rds { storage_encryption, public_access, deletion_protection }
    s3 { bucket_encryption, public_access_block, tls_only, versioning, restrictive_bucket_policy, public_acl, public_bucket_policy }
    secrets { password_parameter_no_echo, literal_password, secret_in_code, no_secret_store, secret_cmk }
    sns { topic_encryption }
    sqs { queue_encryption, public_queue_policy }
    tags { required_tags, consistent_tags, tagging_convention }
    vpc { default_nacl, endpoints, flow_logs }
    waf { web_acl }
}

pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.meta.id.eq_ignore_ascii_case(id) || r.meta.slug == id)
}

/// Run every enabled rule on one template.
pub fn run(cx: &Ctx, enabled: &dyn Fn(&Meta) -> bool) -> Outcome {
    let mut out = Outcome::default();
    for rule in ALL {
        if !enabled(&rule.meta) || (rule.meta.baseline && !cx.baseline_applies()) {
            continue;
        }
        let mut report = Report::new(&rule.meta);
        match rule.check {
            Check::Resource(f) => {
                for res in cx.resources_of(rule.meta.resource_types) {
                    f(cx, &res, &mut report);
                }
            }
            Check::Stack(f) => f(cx, &mut report),
        }
        report.finish(cx, &mut out);
    }
    out
}
