//! VPC-001: VPCs with private subnets reach AWS services through VPC endpoints.

use crate::graph::network::Exposure;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "VPC-001",
        slug: "vpc-endpoints",
        title: "Private subnets reach AWS services without VPC endpoints",
        strength: "AWS service traffic stays on the AWS network through VPC endpoints",
        service: "vpc",
        category: Category::PrivateConnectivity,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::EC2::VPC"],
        baseline: false,
        rationale: "Without endpoints, calls from private subnets to S3, DynamoDB, SSM, ECR, Secrets Manager or CloudWatch go through a NAT gateway to public service endpoints; gateway and interface endpoints keep them private and allow endpoint policies and aws:SourceVpce conditions.",
        risk: "Workloads need internet egress for AWS API calls, which also opens a path for exfiltration; bucket policies cannot restrict access to the VPC.",
        impact: "Broader egress, NAT data-processing cost, and no network-level control over which AWS resources the VPC can reach.",
        remediation: "Add a gateway endpoint for S3 (and DynamoDB) on the private route tables, and interface endpoints (PrivateDnsEnabled) for the services the workload calls: ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs, secretsmanager, kms.",
        fix: Fix {
            yaml: "S3Endpoint:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcId: !Ref Vpc\n    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3\n    VpcEndpointType: Gateway\n    RouteTableIds: [!Ref PrivateRouteTable]",
            json: "\"S3Endpoint\": {\n  \"Type\": \"AWS::EC2::VPCEndpoint\",\n  \"Properties\": {\n    \"VpcId\": {\"Ref\": \"Vpc\"},\n    \"ServiceName\": {\"Fn::Sub\": \"com.amazonaws.${AWS::Region}.s3\"},\n    \"VpcEndpointType\": \"Gateway\",\n    \"RouteTableIds\": [{\"Ref\": \"PrivateRouteTable\"}]\n  }\n}",
            cdk: "vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });\nvpc.addInterfaceEndpoint('Ssm', { service: ec2.InterfaceVpcEndpointAwsService.SSM });",
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html",
            "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html",
        ],
        aliases: &[],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let private: Vec<&str> = cx
        .graph
        .referrers(cx.template, res.index, "AWS::EC2::Subnet", "VpcId")
        .into_iter()
        .filter(|&s| cx.graph.subnet_exposure(cx.template, cx.eval, s) == Exposure::Private)
        .map(|s| cx.template.resources[s].id.as_str())
        .collect();
    if private.is_empty() {
        return;
    }
    let endpoints = cx.graph.referrers(cx.template, res.index, "AWS::EC2::VPCEndpoint", "VpcId");
    if endpoints.is_empty() {
        out.fail(
            res.here(),
            format!(
                "VPC {} has private subnets ({}) but no VPC endpoints: calls to AWS services leave through NAT or the internet",
                res.id(),
                private.join(", ")
            ),
        );
        return;
    }
    let services: Vec<String> = endpoints
        .iter()
        .map(|&e| {
            let ep = cx.res(e);
            let service =
                ep.at(cx, "ServiceName").iter().find_map(|f| f.val.and_then(|v| v.text()).map(str::to_string));
            format!("{} ({})", ep.id(), service.as_deref().unwrap_or("service not known statically"))
        })
        .collect();
    out.pass(Some(res.index), format!("VPC {}: endpoints {}", res.id(), services.join(", ")));
}
