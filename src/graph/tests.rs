use std::collections::HashMap;
use std::path::Path;

use super::network::Exposure;
use crate::eval::{Env, evaluate};
use crate::load::{Limits, load_bytes};
use crate::model::build as model;

const NET: &str = r#"
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Igw: {Type: AWS::EC2::InternetGateway}
  PublicRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  PublicRoute:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref PublicRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  PrivateRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  PublicSubnetNamedPrivate: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc}}
  PrivateSubnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, MapPublicIpOnLaunch: true}}
  A1: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref PublicSubnetNamedPrivate, RouteTableId: !Ref PublicRt}}
  A2: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref PrivateSubnet, RouteTableId: !Ref PrivateRt}}
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {VPCZoneIdentifier: [!Ref PrivateSubnet, !Ref PublicSubnetNamedPrivate], MinSize: "1", MaxSize: "2"}
  Logs: {Type: AWS::EC2::FlowLog, Properties: {ResourceId: !Ref Vpc, ResourceType: VPC, TrafficType: ALL}}
  Bucket: {Type: AWS::S3::Bucket}
  Policy: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref Bucket, PolicyDocument: {}}}
  Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer}
  Assoc: {Type: AWS::WAFv2::WebACLAssociation, Properties: {ResourceArn: !Ref Lb, WebACLArn: arn}}
"#;

#[test]
fn network_helpers_follow_route_tables_not_names() {
    let t = model(load_bytes(Path::new("n.yaml"), NET.as_bytes(), &Limits::default()).unwrap())
        .unwrap();
    let e = evaluate(&t, Env::new(None, None, HashMap::new()));
    let g = super::build(&t);
    let idx = |id| g.index_of(id).unwrap();
    assert_eq!(
        g.subnet_exposure(&t, &e, idx("PublicSubnetNamedPrivate")),
        Exposure::Public {
            route_table: "PublicRt".into()
        }
    );
    assert_eq!(
        g.subnet_exposure(&t, &e, idx("PrivateSubnet")),
        Exposure::Private
    );
    assert_eq!(
        g.asg_subnets(&t, idx("Asg")),
        vec![idx("PublicSubnetNamedPrivate"), idx("PrivateSubnet")]
    );
    assert_eq!(g.flow_logs(&t, idx("Vpc")), vec![idx("Logs")]);
    assert_eq!(
        g.referrers(&t, idx("Bucket"), "AWS::S3::BucketPolicy", "Bucket"),
        vec![idx("Policy")]
    );
    assert_eq!(g.web_acl_associations(&t, idx("Lb")), vec![idx("Assoc")]);
    assert!(g.web_acl_associations(&t, idx("Bucket")).is_empty());
}
