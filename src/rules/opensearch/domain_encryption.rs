//! OS-001: OpenSearch / Elasticsearch domains without encryption at rest, between nodes,
//! or HTTPS on the endpoint.

use crate::eval::Val;
use crate::rules::support::describe;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "OS-001",
        slug: "opensearch-domain-encryption",
        title: "OpenSearch domain without encryption at rest, node-to-node encryption or enforced HTTPS",
        strength: "OpenSearch domains encrypt data at rest, between nodes and on the endpoint",
        service: "opensearch",
        category: Category::Encryption,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"],
        baseline: false,
        rationale: "A search domain holds copies of application data. EncryptionAtRestOptions encrypts indexes, logs, swap and snapshots with KMS; NodeToNodeEncryptionOptions puts TLS between the cluster's nodes; DomainEndpointOptions.EnforceHTTPS refuses plain-HTTP requests to the endpoint. All three are off unless set, and the first two cannot be switched on later for older engine versions without a new domain.",
        risk: "Indexed documents are stored in clear, travel in clear between nodes, and queries (with their results and credentials) can be sent to the endpoint over plain HTTP.",
        impact: "Exposure of indexed customer data and search traffic; failure of encryption requirements (PCI DSS 3.4/4.1, HIPAA 164.312, NIST SC-8/SC-28). Fine-grained access control cannot be enabled without all three.",
        remediation: "Set EncryptionAtRestOptions.Enabled: true (with a KmsKeyId), NodeToNodeEncryptionOptions.Enabled: true and DomainEndpointOptions.EnforceHTTPS: true (with TLSSecurityPolicy Policy-Min-TLS-1-2-2019-07).",
        fix: Fix {
            yaml: "Search:\n  Type: AWS::OpenSearchService::Domain\n  Properties:\n    EncryptionAtRestOptions:\n      Enabled: true\n      KmsKeyId: !Ref DataKey\n    NodeToNodeEncryptionOptions:\n      Enabled: true\n    DomainEndpointOptions:\n      EnforceHTTPS: true\n      TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07",
            json: "\"Search\": {\"Type\": \"AWS::OpenSearchService::Domain\", \"Properties\": {\n  \"EncryptionAtRestOptions\": {\"Enabled\": true, \"KmsKeyId\": {\"Ref\": \"DataKey\"}},\n  \"NodeToNodeEncryptionOptions\": {\"Enabled\": true},\n  \"DomainEndpointOptions\": {\"EnforceHTTPS\": true, \"TLSSecurityPolicy\": \"Policy-Min-TLS-1-2-2019-07\"}\n}}",
            cdk: "new opensearch.Domain(this, 'Search', {\n  version,\n  encryptionAtRest: { enabled: true, kmsKey: dataKey },\n  nodeToNodeEncryption: true,\n  enforceHttps: true,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
            "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html",
        ],
        aliases: &[
            "CKV_AWS_5",
            "CKV_AWS_6",
            "CKV_AWS_83",
            "W54",
            "W85",
            "AwsSolutions-OS2",
            "AwsSolutions-OS8",
            "AVD-AWS-0043",
            "AVD-AWS-0046",
            "AVD-AWS-0048",
        ],
    },
    check: Check::Resource(check),
};

/// (property path, what it protects, how a finding names it).
const SETTINGS: &[(&str, &str, &str)] = &[
    ("EncryptionAtRestOptions/Enabled", "encryption at rest", "indexes, logs and snapshots are stored unencrypted"),
    ("NodeToNodeEncryptionOptions/Enabled", "node-to-node encryption", "traffic between the domain's nodes is unencrypted"),
    ("DomainEndpointOptions/EnforceHTTPS", "HTTPS enforced on the endpoint", "the endpoint accepts plain-HTTP requests"),
];

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    for (path, good, bad) in SETTINGS {
        let prop = path.rsplit('/').next().unwrap_or(path);
        let parent = path.split('/').next().unwrap_or(path);
        for f in res.at(cx, path) {
            match f.val.map(Val::as_bool) {
                Some(Some(true)) => out.pass(Some(res.index), format!("{who}: {good}")),
                Some(Some(false)) => out.fail(res.at_found(&f), format!("{who} has {parent}.{prop}: false: {bad}")),
                None => out.fail(res.at_found(&f), format!("{who} does not set {parent}.{prop}: {bad}")),
                // Not known statically: never guess.
                Some(None) => {}
            }
        }
    }
}
