//! OS-002: OpenSearch / Elasticsearch domains open to anyone: a public endpoint whose
//! access policy allows Principal `*` with no restricting condition.

use crate::rules::support::describe;
use crate::rules::support::policy::public_grants;
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "OS-002",
        slug: "opensearch-public-access-policy",
        title: "OpenSearch domain with a public endpoint allows any principal",
        strength: "OpenSearch domains are reachable only from a VPC or by named principals",
        service: "opensearch",
        category: Category::NetworkFiltering,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"],
        baseline: false,
        rationale: "A domain without VPCOptions has an internet-facing endpoint, and its AccessPolicies are then the only gate. An Allow statement with `Principal: \"*\"` (or `{AWS: \"*\"}`) and no condition on the caller (aws:SourceIp, aws:PrincipalOrgID, aws:PrincipalArn...) lets anyone send unsigned requests to the domain.",
        risk: "Anyone on the internet can read every index, write or delete documents, and change the cluster through the REST API, unless fine-grained access control happens to stop them.",
        impact: "Disclosure or destruction of the indexed data (a frequent cause of public data leaks), ransom notes in place of indexes, and cost from abuse.",
        remediation: "Put the domain in a VPC (VPCOptions with private subnets and a security group), or grant the access policy to named IAM roles, or keep `*` only with an aws:SourceIp / aws:PrincipalOrgID condition. Enable fine-grained access control as well.",
        fix: Fix {
            yaml: "Search:\n  Type: AWS::OpenSearchService::Domain\n  Properties:\n    VPCOptions:\n      SubnetIds: [!Ref PrivateSubnetA]\n      SecurityGroupIds: [!Ref SearchSecurityGroup]\n    AccessPolicies:\n      Version: \"2012-10-17\"\n      Statement:\n        - Effect: Allow\n          Principal: {AWS: !GetAtt AppRole.Arn}\n          Action: es:ESHttp*\n          Resource: !Sub \"arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/search/*\"",
            json: "\"Search\": {\"Type\": \"AWS::OpenSearchService::Domain\", \"Properties\": {\n  \"VPCOptions\": {\"SubnetIds\": [{\"Ref\": \"PrivateSubnetA\"}], \"SecurityGroupIds\": [{\"Ref\": \"SearchSecurityGroup\"}]},\n  \"AccessPolicies\": {\"Version\": \"2012-10-17\", \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Principal\": {\"AWS\": {\"Fn::GetAtt\": [\"AppRole\", \"Arn\"]}},\n    \"Action\": \"es:ESHttp*\",\n    \"Resource\": {\"Fn::Sub\": \"arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/search/*\"}\n  }]}\n}}",
            cdk: "new opensearch.Domain(this, 'Search', {\n  version,\n  vpc,\n  vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],\n  accessPolicies: [new iam.PolicyStatement({ principals: [appRole], actions: ['es:ESHttp*'], resources: ['*'] })],\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html",
            "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html",
        ],
        aliases: &["AwsSolutions-OS5"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    // Scenarios in which the domain has a public endpoint (no VPCOptions).
    let public: Vec<_> = res.at(cx, "VPCOptions").into_iter().filter(|f| f.val.is_none()).collect();
    if public.is_empty() {
        out.pass(Some(res.index), format!("{who}: inside a VPC, reachable only through its security groups"));
        return;
    }
    let (grants, judged) = public_grants(cx, res, "AccessPolicies");
    let mut failed = false;
    for g in &grants {
        for endpoint in &public {
            let Some(when) = cx.eval.env.and(&g.when, &endpoint.when) else { continue };
            out.fail(
                At { resource: Some(res.index), span: g.span, pointer: g.pointer.clone(), when },
                format!(
                    "{who} has a public endpoint (no VPCOptions) and its access policy allows anyone (Principal *) {} with no restricting condition",
                    g.what
                ),
            );
            failed = true;
        }
    }
    if judged && !failed {
        out.pass(Some(res.index), format!("{who}: access policy grants only to named principals or under restricting conditions"));
    }
}
