//! S3-005: a bucket policy limits who can reach the bucket, beyond IAM.

use crate::eval::When;
use crate::rules::support::bucket_policy::{BucketStatement, policies_for, statements};
use crate::rules::support::scenarios::{covered_by_default, uncovered};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "S3-005",
        slug: "s3-restrictive-bucket-policy",
        title: "S3 bucket relies only on IAM policies for access control",
        strength: "S3 bucket policies restrict access to named principals, the organization or VPC endpoints",
        service: "s3",
        category: Category::DataProtection,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &["AWS::S3::Bucket"],
        baseline: false,
        rationale: "A bucket policy that names who may access the data (roles, aws:PrincipalOrgID, aws:SourceVpce) is a second, data-side perimeter that holds even when an identity policy is too broad.",
        risk: "Any principal whose IAM policy grants s3:* on * — a over-broad role, a compromised CI user — can read or delete the bucket's data.",
        impact: "One over-privileged identity is enough to exfiltrate or destroy the data; there is no data perimeter to contain it.",
        remediation: "Add bucket policy statements that deny access unless the caller is an expected role (aws:PrincipalArn), in your organization (aws:PrincipalOrgID) or comes through your VPC endpoint (aws:SourceVpce); or grant only to named role ARNs.",
        fix: Fix {
            yaml: "- Sid: DenyOutsideOrganization\n  Effect: Deny\n  Principal: \"*\"\n  Action: s3:*\n  Resource:\n    - !GetAtt Bucket.Arn\n    - !Sub \"${Bucket.Arn}/*\"\n  Condition:\n    StringNotEquals:\n      aws:PrincipalOrgID: !Ref OrganizationId",
            json: "{\n  \"Sid\": \"DenyOutsideOrganization\",\n  \"Effect\": \"Deny\",\n  \"Principal\": \"*\",\n  \"Action\": \"s3:*\",\n  \"Resource\": [{\"Fn::GetAtt\": [\"Bucket\", \"Arn\"]}, {\"Fn::Sub\": \"${Bucket.Arn}/*\"}],\n  \"Condition\": {\"StringNotEquals\": {\"aws:PrincipalOrgID\": {\"Ref\": \"OrganizationId\"}}}\n}",
            cdk: "bucket.addToResourcePolicy(new iam.PolicyStatement({\n  effect: iam.Effect.DENY,\n  principals: [new iam.AnyPrincipal()],\n  actions: ['s3:*'],\n  resources: [bucket.bucketArn, bucket.arnForObjects('*')],\n  conditions: { StringNotEquals: { 'aws:PrincipalOrgID': orgId } },\n}));",
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
            "https://docs.aws.amazon.com/whitepapers/latest/building-a-data-perimeter-on-aws/perimeter-implementation.html",
        ],
        aliases: &[],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let env = &cx.eval.env;
    let policies = policies_for(cx, res);
    let (mut scoped, mut unsure) = (Vec::<When>::new(), Vec::<When>::new());
    // Whether every statement seen only enforces TLS (and there is at least one).
    let (mut tls, mut other) = (false, false);
    let mut by = Vec::new();
    for p in &policies {
        let policy = cx.res(*p);
        for st in statements(cx, &policy) {
            match st.restricts_access() {
                Some(true) => {
                    scoped.push(st.when);
                    by.push(policy.id());
                }
                Some(false) if st.denies_insecure_transport() == Some(true) => tls = true,
                Some(false) => other = true,
                None => unsure.push(st.when),
            }
        }
    }
    // Where the bucket has no policy at all, S3-003 reports the missing policy (both gaps at
    // once); this rule is about a policy that exists but restricts nobody.
    let present: Vec<When> = policies.iter().map(|p| cx.res(*p).when.clone()).collect();
    let absent = uncovered(env, res.when, &present);
    let all: Vec<When> = scoped.iter().chain(&unsure).chain(&absent).cloned().collect();
    for when in uncovered(env, res.when, &all) {
        let Some(p) = policies.first() else { break };
        let msg = if tls && !other {
            format!("bucket {} relies only on IAM policies (its bucket policy only enforces TLS)", res.id())
        } else {
            format!(
                "bucket {} relies only on IAM policies (bucket policy {} names no principal, account, organization or VPC endpoint)",
                res.id(),
                cx.res(*p).id()
            )
        };
        out.fail(At { when, ..res.here() }, msg);
    }
    if covered_by_default(env, res.when, &scoped) {
        by.dedup();
        out.pass(Some(res.index), format!("bucket {}: {} restricts who can access it", res.id(), by.join(", ")));
    }
}
