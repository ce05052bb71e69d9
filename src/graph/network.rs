//! Network questions: which subnets are public, what protects a load balancer, what logs
//! a VPC.

use super::Graph;
use crate::eval::Evaluated;
use crate::model::Template;

/// Whether a subnet is public, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exposure {
    /// Associated with this route table, which routes 0.0.0.0/0 (or ::/0) to an internet gateway.
    Public { route_table: String },
    /// Its route tables (if any) send nothing to an internet gateway.
    Private,
}

impl Graph {
    /// Public means: associated (through `SubnetRouteTableAssociation`) with a route table
    /// that has a default route to an internet gateway. Names and `MapPublicIpOnLaunch`
    /// do not decide it.
    pub fn subnet_exposure(&self, t: &Template, e: &Evaluated, subnet: usize) -> Exposure {
        for assoc in self.referrers(
            t,
            subnet,
            "AWS::EC2::SubnetRouteTableAssociation",
            "SubnetId",
        ) {
            for rt in self.targets(t, assoc, "RouteTableId", "AWS::EC2::RouteTable") {
                if self.route_table_is_public(t, e, rt) {
                    return Exposure::Public {
                        route_table: t.resources[rt].id.clone(),
                    };
                }
            }
        }
        Exposure::Private
    }

    pub fn route_table_is_public(&self, t: &Template, e: &Evaluated, rt: usize) -> bool {
        self.referrers(t, rt, "AWS::EC2::Route", "RouteTableId")
            .into_iter()
            .any(|route| {
                let props = &e.resources[route].props;
                let default_dest = ["DestinationCidrBlock", "DestinationIpv6CidrBlock"]
                    .iter()
                    .any(|k| {
                        props.at(k).iter().any(|f| {
                            f.val
                                .and_then(|v| v.as_str())
                                .is_some_and(|s| s == "0.0.0.0/0" || s == "::/0")
                        })
                    });
                let to_igw = !self
                    .targets(t, route, "GatewayId", "AWS::EC2::InternetGateway")
                    .is_empty()
                    || props.at("GatewayId").iter().any(|f| {
                        f.val
                            .and_then(|v| v.as_str())
                            .is_some_and(|s| s.starts_with("igw-"))
                    });
                default_dest && to_igw
            })
    }

    /// The subnets an Auto Scaling group launches into (`VPCZoneIdentifier`).
    pub fn asg_subnets(&self, t: &Template, asg: usize) -> Vec<usize> {
        self.targets(t, asg, "VPCZoneIdentifier", "AWS::EC2::Subnet")
    }

    /// WAFv2 or WAF Regional web ACL associations that name this resource.
    pub fn web_acl_associations(&self, t: &Template, res: usize) -> Vec<usize> {
        let mut out = self.referrers(t, res, "AWS::WAFv2::WebACLAssociation", "ResourceArn");
        out.extend(self.referrers(t, res, "AWS::WAFRegional::WebACLAssociation", "ResourceArn"));
        out
    }

    /// Flow logs whose `ResourceId` is this VPC (or subnet, or ENI).
    pub fn flow_logs(&self, t: &Template, res: usize) -> Vec<usize> {
        self.referrers(t, res, "AWS::EC2::FlowLog", "ResourceId")
    }

    /// The custom network ACL associated with a subnet, if any.
    pub fn subnet_network_acls(&self, t: &Template, subnet: usize) -> Vec<usize> {
        self.referrers(
            t,
            subnet,
            "AWS::EC2::SubnetNetworkAclAssociation",
            "SubnetId",
        )
        .into_iter()
        .flat_map(|a| self.targets(t, a, "NetworkAclId", "AWS::EC2::NetworkAcl"))
        .collect()
    }
}
