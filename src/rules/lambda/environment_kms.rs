//! LAMBDA-001: function environment variables without a customer managed key.

use crate::rules::support::{describe, sam};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "LAMBDA-001",
        slug: "lambda-environment-kms",
        title: "Lambda environment variables not encrypted with a customer managed key",
        strength: "Lambda environment variables are encrypted with customer managed KMS keys",
        service: "lambda",
        category: Category::Encryption,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::Lambda::Function", "AWS::Serverless::Function"],
        baseline: false,
        rationale: "Lambda encrypts environment variables at rest with the aws/lambda key by default; anyone with lambda:GetFunctionConfiguration sees them decrypted. A customer managed KmsKeyArn puts decryption under a key policy you control.",
        risk: "Configuration values (endpoints, bucket names, and too often tokens) are readable by every principal allowed to read the function's configuration.",
        impact: "Weaker control over configuration data; compliance findings where customer managed keys are required.",
        remediation: "Set KmsKeyArn to a customer managed key, and keep real secrets out of environment variables altogether (read them from Secrets Manager at runtime).",
        fix: Fix {
            yaml: "Function:\n  Type: AWS::Lambda::Function\n  Properties:\n    KmsKeyArn: !GetAtt ConfigKey.Arn\n    Environment:\n      Variables:\n        TABLE_NAME: !Ref Table",
            json: "\"KmsKeyArn\": {\"Fn::GetAtt\": [\"ConfigKey\", \"Arn\"]}",
            cdk: "new lambda.Function(this, 'Function', { /* ... */ environmentEncryption: configKey });",
        },
        references: &[
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html",
            "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html",
        ],
        aliases: &["CKV_AWS_173"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    sam::with_globals(cx, res, |r| judge(cx, r, out));
}

fn judge(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    for vars in res.at(cx, "Environment/Variables") {
        let Some(v) = vars.val else { continue };
        if !v.is_map() || v.entries().is_empty() {
            continue; // none, or not known
        }
        for k in res.at(cx, "KmsKeyArn") {
            let Some(when) = cx.eval.env.and(&vars.when, &k.when) else { continue };
            match k.val {
                None => {
                    let at = crate::eval::Found { when, ..vars.clone() };
                    out.fail(res.at_found(&at), format!("{who} has environment variables but no KmsKeyArn: they are encrypted with the AWS managed key aws/lambda"));
                }
                Some(key) => match crate::rules::support::kms::is_customer_managed(key) {
                    Some(true) => out.pass(Some(res.index), format!("{who}: environment encrypted with {}", key.render_text())),
                    Some(false) => {
                        let at = crate::eval::Found { when, ..k.clone() };
                        out.fail(res.at_found(&at), format!("{who} encrypts its environment with the AWS managed key {}", key.render_text()));
                    }
                    None => {}
                },
            }
        }
    }
}
