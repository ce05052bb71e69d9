//! SEC-004: a workload environment with no centralized secrets management.

use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SEC-004",
        slug: "secrets-no-secret-store",
        title: "No centralized secrets management",
        strength: "Secrets are kept in AWS Secrets Manager or SSM SecureString parameters",
        service: "secrets",
        category: Category::SecretsManagement,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &[],
        baseline: true,
        rationale: "Workloads need database passwords, API keys and tokens. A secret store gives them one place to be generated, encrypted with KMS, rotated and audited, and lets templates reference them instead of carrying them.",
        risk: "Without a store, credentials end up in parameters, UserData, environment variables or configuration files, where they are copied into stack history, AMIs and logs and are never rotated.",
        impact: "Leaked or stale credentials; no audit trail of who read a secret; painful rotation after an incident.",
        remediation: "Create the workload's secrets as AWS::SecretsManager::Secret (GenerateSecretString, a customer managed KmsKeyId, a RotationSchedule) or let RDS manage the master password (ManageMasterUserPassword), and reference them with `{{resolve:secretsmanager:...}}`.",
        fix: Fix {
            yaml: "DbSecret:\n  Type: AWS::SecretsManager::Secret\n  Properties:\n    KmsKeyId: !Ref DataKey\n    GenerateSecretString:\n      SecretStringTemplate: '{\"username\": \"app\"}'\n      GenerateStringKey: password\n      ExcludeCharacters: '\"@/\\'",
            json: "\"DbSecret\": {\n  \"Type\": \"AWS::SecretsManager::Secret\",\n  \"Properties\": {\n    \"KmsKeyId\": {\"Ref\": \"DataKey\"},\n    \"GenerateSecretString\": {\n      \"SecretStringTemplate\": \"{\\\"username\\\": \\\"app\\\"}\",\n      \"GenerateStringKey\": \"password\",\n      \"ExcludeCharacters\": \"\\\"@/\\\\\"\n    }\n  }\n}",
            cdk: "const dbSecret = new secretsmanager.Secret(this, 'DbSecret', {\n  encryptionKey: dataKey,\n  generateSecretString: {\n    secretStringTemplate: JSON.stringify({ username: 'app' }),\n    generateStringKey: 'password',\n  },\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
        ],
        aliases: &[],
    },
    check: Check::Stack(check),
};

fn check(cx: &Ctx, out: &mut Report) {
    let mut evidence: Vec<String> = cx
        .template
        .resources
        .iter()
        .filter(|r| r.typ == "AWS::SecretsManager::Secret")
        .map(|r| format!("secret {}", r.id))
        .collect();
    for (i, r) in cx.template.resources.iter().enumerate() {
        if matches!(r.typ.as_str(), "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster") {
            let managed = cx.res(i).at(cx, "ManageMasterUserPassword").iter().any(|f| f.val.and_then(|v| v.as_bool()) == Some(true));
            if managed {
                evidence.push(format!("{} manages its master password in Secrets Manager", r.id));
            }
        }
    }
    let src = cx.source();
    if src.contains("{{resolve:secretsmanager:") {
        evidence.push("dynamic references to Secrets Manager".into());
    }
    if src.contains("{{resolve:ssm-secure:") {
        evidence.push("dynamic references to SSM SecureString parameters".into());
    }
    if evidence.is_empty() {
        out.fail(
            At::stack(cx),
            "No centralized secrets management: the stack defines no AWS::SecretsManager::Secret and reads no secret through {{resolve:secretsmanager:...}} or {{resolve:ssm-secure:...}}",
        );
    } else {
        out.pass(None, format!("Secrets kept in a secret store: {}", evidence.join(", ")));
    }
}
