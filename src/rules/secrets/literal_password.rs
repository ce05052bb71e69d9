//! SEC-002: passwords and tokens written into the template.

use crate::eval::ValKind;
use crate::rules::support::describe;
use crate::load::Node;
use crate::rules::support::secrets::{is_literal_secret, is_secret_dynamic_ref, looks_secret_name, node_at_span};
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
            let raw = node_at_span(&res.resource.node, v.span);
            let param = raw
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
            // `!Sub '{"password": "${DbPassword}"}'` with a NoEcho parameter.
            if let Some(p) = raw.and_then(|n| sub_no_echo_parameter(cx, n)) {
                out.pass(Some(res.index), format!("{who}: {prop} takes its secret from NoEcho parameter {p}"));
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
                match json_secret_keys(text) {
                    // A JSON document (SecretString): only its secret-looking keys matter.
                    Some(keys) if keys.is_empty() => {
                        out.pass(Some(res.index), format!("{who}: {prop} holds no literal secret values"));
                    }
                    Some(keys) => out.fail(res.at_found(&f), format!("{who}: {prop} writes {} as literal values in the template", keys.join(", "))),
                    None => out.fail(res.at_found(&f), format!("{who}: {prop} is a literal value written in the template")),
                }
            }
            // Partly known text (`!Sub` with references) or unknown: never guess.
        }
    }
}

/// A NoEcho parameter named in a `Fn::Sub` template string.
fn sub_no_echo_parameter(cx: &Ctx, node: &Node) -> Option<String> {
    let (name, arg) = node.intrinsic()?;
    if name != "Fn::Sub" {
        return None;
    }
    let text = arg.as_str().or_else(|| arg.items().first().and_then(Node::as_str))?;
    text.split("${")
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n.trim()))
        .filter_map(|n| cx.template.parameter(n))
        .find(|p| p.no_echo)
        .map(|p| p.name.clone())
}

/// If `text` is a JSON object, the keys that look like secrets and hold literal strings.
fn json_secret_keys(text: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
    let obj = value.as_object()?;
    Some(
        obj.iter()
            .filter(|(k, v)| looks_secret_name(k) && v.as_str().is_some_and(|s| is_literal_secret(s.trim())))
            .map(|(k, _)| k.clone())
            .collect(),
    )
}
