//! SEC-002: passwords and tokens written into the template.

use crate::eval::ValKind;
use crate::rules::support::describe;
use crate::rules::support::secrets::{is_secret_dynamic_ref, node_at_span};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SEC-002",
        slug: "secrets-literal-password",
        title: "Password or token given as a literal value in the template",
        strength: "Passwords are resolved from Secrets Manager or SSM SecureString at deploy time",
        service: "secrets",
        category: Category::SecretsManagement,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &[
            "AWS::RDS::DBInstance",
            "AWS::RDS::DBCluster",
            "AWS::Redshift::Cluster",
            "AWS::DocDB::DBCluster",
            "AWS::ElastiCache::ReplicationGroup",
            "AWS::ElastiCache::User",
            "AWS::DirectoryService::MicrosoftAD",
            "AWS::DirectoryService::SimpleAD",
            "AWS::IAM::User",
            "AWS::SecretsManager::Secret",
            "AWS::AmazonMQ::Broker",
            "AWS::DMS::Endpoint",
            "AWS::OpenSearchService::Domain",
            "AWS::Elasticsearch::Domain",
            "AWS::CodePipeline::Webhook",
            "AWS::Amplify::App",
            "AWS::Amplify::Branch",
            "AWS::AppStream::DirectoryConfig",
        ],
        baseline: false,
        rationale: "A password written in the template (or passed through a parameter without NoEcho) is stored in the template file, the repository, the stack's template history and the console's parameter view. Dynamic references resolve the secret at deploy time without ever storing it in CloudFormation.",
        risk: "Everyone who can read the repository, the S3 bucket holding the template or cloudformation:GetTemplate / DescribeStacks learns the database or directory password.",
        impact: "Direct access to the database, cache or directory; rotating the password means editing and redeploying the template.",
        remediation: "Generate the secret in AWS::SecretsManager::Secret and reference it with `{{resolve:secretsmanager:<secret>:SecretString:password}}`, use ManageMasterUserPassword for RDS, or at minimum pass it through a NoEcho parameter without a Default.",
        fix: Fix {
            yaml: "Database:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    MasterUsername: app\n    ManageMasterUserPassword: true\n    # or:\n    # MasterUserPassword: !Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'",
            json: "\"MasterUserPassword\": {\"Fn::Sub\": \"{{resolve:secretsmanager:${DbSecret}:SecretString:password}}\"}",
            cdk: "new rds.DatabaseInstance(this, 'Database', {\n  engine,\n  credentials: rds.Credentials.fromGeneratedSecret('app'),\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
        ],
        aliases: &["F23", "F34", "F35", "F70", "F44", "F31", "F36", "F51", "F52", "F37", "F41", "F50", "F58", "F60", "F53", "F69"],
    },
    check: Check::Resource(check),
};

/// Secret-bearing properties per resource type.
const PROPERTIES: &[(&str, &str)] = &[
    ("AWS::RDS::DBInstance", "MasterUserPassword"),
    ("AWS::RDS::DBCluster", "MasterUserPassword"),
    ("AWS::Redshift::Cluster", "MasterUserPassword"),
    ("AWS::DocDB::DBCluster", "MasterUserPassword"),
    ("AWS::ElastiCache::ReplicationGroup", "AuthToken"),
    ("AWS::ElastiCache::User", "Passwords/*"),
    ("AWS::DirectoryService::MicrosoftAD", "Password"),
    ("AWS::DirectoryService::SimpleAD", "Password"),
    ("AWS::IAM::User", "LoginProfile/Password"),
    ("AWS::SecretsManager::Secret", "SecretString"),
    ("AWS::AmazonMQ::Broker", "Users/*/Password"),
    ("AWS::DMS::Endpoint", "Password"),
    ("AWS::OpenSearchService::Domain", "AdvancedSecurityOptions/MasterUserOptions/MasterUserPassword"),
    ("AWS::Elasticsearch::Domain", "AdvancedSecurityOptions/MasterUserOptions/MasterUserPassword"),
    ("AWS::CodePipeline::Webhook", "AuthenticationConfiguration/SecretToken"),
    ("AWS::Amplify::App", "AccessToken"),
    ("AWS::Amplify::App", "OauthToken"),
    ("AWS::Amplify::App", "BasicAuthConfig/Password"),
    ("AWS::Amplify::Branch", "BasicAuthConfig/Password"),
    ("AWS::AppStream::DirectoryConfig", "ServiceAccountCredentials/AccountPassword"),
];

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    for (typ, path) in PROPERTIES {
        if *typ != res.resource.typ {
            continue;
        }
        let prop = path.rsplit('/').find(|s| *s != "*").unwrap_or(path);
        for f in res.at(cx, path) {
            let Some(v) = f.val else { continue };
            // A `Ref` to a parameter: judged by the parameter, whatever its value.
            let param = node_at_span(&res.resource.node, v.span)
                .and_then(|n| n.intrinsic())
                .filter(|(name, _)| *name == "Ref")
                .and_then(|(_, arg)| arg.as_name())
                .and_then(|n| cx.template.parameter(n));
            if let Some(p) = param {
                if p.no_echo {
                    out.pass(Some(res.index), format!("{who}: {prop} comes from NoEcho parameter {}", p.name));
                } else {
                    out.fail(
                        res.at_found(&f),
                        format!("{who}: {prop} comes from parameter {}, which is not NoEcho: its value shows in the console and API", p.name),
                    );
                }
                continue;
            }
            let Some(text) = v.text() else { continue };
            if is_secret_dynamic_ref(text) {
                out.pass(Some(res.index), format!("{who}: {prop} is resolved from a secret store at deploy time"));
            } else if text.trim_start().starts_with("{{resolve:ssm:") {
                out.fail(
                    res.at_found(&f),
                    format!("{who}: {prop} is read from a plain-text SSM parameter; use a secretsmanager or ssm-secure dynamic reference"),
                );
            } else if matches!(v.kind, ValKind::Str(_) | ValKind::Num(_)) && !text.is_empty() {
                out.fail(res.at_found(&f), format!("{who}: {prop} is a literal value written in the template"));
            }
            // Partly known text (`!Sub` with references) or unknown: never guess.
        }
    }
}
