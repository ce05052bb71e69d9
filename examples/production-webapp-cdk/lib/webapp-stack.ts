// The stack of examples/production-webapp/template.yaml, written with the CDK.
//
// It must stay faithful to that template: the same resources, the same strengths and the
// same twelve weaknesses of the sample review (a logs policy on every log group, SSH from
// the whole VPC, no WAF, no CloudTrail, no GuardDuty, no Config, no KMS keys, an
// unencrypted SNS topic, HTTP only, no network ACLs, no Secrets Manager, and resources
// without the Environment tag). Network and compute are L1 constructs, so their
// properties are exactly the template's; the bucket, roles, log groups and topic are L2
// constructs, as a CDK author would write them.
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

const PRODUCTION = [{ key: 'Environment', value: 'Production' }];

export class WebAppStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: cdk.StackProps) {
    super(scope, id, props);

    const envSuffix = new cdk.CfnParameter(this, 'EnvironmentSuffix', {
      type: 'String',
      default: 'production',
      allowedPattern: '[a-z0-9-]+',
    });
    const latestAmiId = new cdk.CfnParameter(this, 'LatestAmiId', {
      type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
      default: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    });
    const instanceType = new cdk.CfnParameter(this, 'InstanceType', {
      type: 'String',
      default: 't3.medium',
      allowedValues: ['t3.small', 't3.medium', 't3.large'],
    });
    const suffix = envSuffix.valueAsString;

    // --- Network ---------------------------------------------------------------------
    const vpc = new ec2.CfnVPC(this, 'Vpc', {
      cidrBlock: '10.0.0.0/16',
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: [{ key: 'Name', value: `webapp-${suffix}` }, ...PRODUCTION],
    });
    const igw = new ec2.CfnInternetGateway(this, 'InternetGateway', { tags: PRODUCTION });
    const attachment = new ec2.CfnVPCGatewayAttachment(this, 'GatewayAttachment', {
      vpcId: vpc.ref,
      internetGatewayId: igw.ref,
    });

    const subnet = (id: string, cidr: string, az: string, name: string, isPublic: boolean) =>
      new ec2.CfnSubnet(this, id, {
        vpcId: vpc.ref,
        cidrBlock: cidr,
        availabilityZone: az,
        mapPublicIpOnLaunch: isPublic ? false : undefined,
        tags: [{ key: 'Name', value: name }, ...PRODUCTION],
      });
    const public1 = subnet('PublicSubnet1', '10.0.0.0/24', 'us-west-2a', 'public-1', true);
    const public2 = subnet('PublicSubnet2', '10.0.1.0/24', 'us-west-2b', 'public-2', true);
    const private1 = subnet('PrivateSubnet1', '10.0.2.0/24', 'us-west-2a', 'private-1', false);
    const private2 = subnet('PrivateSubnet2', '10.0.3.0/24', 'us-west-2b', 'private-2', false);

    const publicRt = new ec2.CfnRouteTable(this, 'PublicRouteTable', {
      vpcId: vpc.ref,
      tags: PRODUCTION,
    });
    const publicRoute = new ec2.CfnRoute(this, 'PublicDefaultRoute', {
      routeTableId: publicRt.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.ref,
    });
    publicRoute.addDependency(attachment);
    new ec2.CfnSubnetRouteTableAssociation(this, 'PublicSubnet1Routes', {
      subnetId: public1.ref,
      routeTableId: publicRt.ref,
    });
    new ec2.CfnSubnetRouteTableAssociation(this, 'PublicSubnet2Routes', {
      subnetId: public2.ref,
      routeTableId: publicRt.ref,
    });

    const natEip = new ec2.CfnEIP(this, 'NatEip', { domain: 'vpc', tags: PRODUCTION });
    const nat = new ec2.CfnNatGateway(this, 'NatGateway', {
      allocationId: natEip.attrAllocationId,
      subnetId: public1.ref,
      tags: PRODUCTION,
    });
    const privateRt = new ec2.CfnRouteTable(this, 'PrivateRouteTable', {
      vpcId: vpc.ref,
      tags: PRODUCTION,
    });
    new ec2.CfnRoute(this, 'PrivateDefaultRoute', {
      routeTableId: privateRt.ref,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.ref,
    });
    new ec2.CfnSubnetRouteTableAssociation(this, 'PrivateSubnet1Routes', {
      subnetId: private1.ref,
      routeTableId: privateRt.ref,
    });
    new ec2.CfnSubnetRouteTableAssociation(this, 'PrivateSubnet2Routes', {
      subnetId: private2.ref,
      routeTableId: privateRt.ref,
    });

    // --- Security groups -------------------------------------------------------------
    const lbSg = new ec2.CfnSecurityGroup(this, 'LoadBalancerSecurityGroup', {
      groupDescription: 'Web traffic to the load balancer',
      vpcId: vpc.ref,
      securityGroupIngress: [
        { ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrIp: '0.0.0.0/0', description: 'HTTP' },
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0', description: 'HTTPS' },
      ],
      securityGroupEgress: [
        { ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrIp: '10.0.0.0/16', description: 'To instances' },
      ],
      tags: PRODUCTION,
    });
    const instanceSg = new ec2.CfnSecurityGroup(this, 'InstanceSecurityGroup', {
      groupDescription: 'Web servers',
      vpcId: vpc.ref,
      securityGroupIngress: [
        {
          ipProtocol: 'tcp',
          fromPort: 80,
          toPort: 80,
          sourceSecurityGroupId: lbSg.ref,
          description: 'From the load balancer',
        },
        // Weakness: SSH from the whole VPC (the review's issue 3).
        { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '10.0.0.0/16', description: 'SSH from the VPC' },
      ],
      securityGroupEgress: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrIp: '0.0.0.0/0',
          description: 'HTTPS to AWS APIs and updates',
        },
      ],
      tags: PRODUCTION,
    });
    const endpointSg = new ec2.CfnSecurityGroup(this, 'EndpointSecurityGroup', {
      groupDescription: 'Interface endpoints',
      vpcId: vpc.ref,
      securityGroupIngress: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          sourceSecurityGroupId: instanceSg.ref,
          description: 'HTTPS from instances',
        },
      ],
      tags: PRODUCTION,
    });

    // Private access to AWS services without crossing the internet.
    new ec2.CfnVPCEndpoint(this, 'S3Endpoint', {
      vpcId: vpc.ref,
      serviceName: `com.amazonaws.${this.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [privateRt.ref],
    });
    new ec2.CfnVPCEndpoint(this, 'SsmEndpoint', {
      vpcId: vpc.ref,
      serviceName: `com.amazonaws.${this.region}.ssm`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: [private1.ref, private2.ref],
      securityGroupIds: [endpointSg.ref],
    });

    // --- VPC flow logs ---------------------------------------------------------------
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
      logGroupName: `/aws/vpc/webapp-${suffix}`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    const flowLogRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      inlinePolicies: {
        'deliver-flow-logs': new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
              resources: [flowLogGroup.logGroupArn],
            }),
          ],
        }),
      },
    });
    cdk.Tags.of(flowLogRole).add('Environment', 'Production');
    new ec2.CfnFlowLog(this, 'VpcFlowLog', {
      resourceId: vpc.ref,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: flowLogGroup.logGroupName,
      deliverLogsPermissionArn: flowLogRole.roleArn,
      tags: PRODUCTION,
    });

    // --- Artifacts bucket ------------------------------------------------------------
    const bucket = new s3.Bucket(this, 'ArtifactsBucket', {
      bucketName: `webapp-artifacts-${this.account}-${this.region}`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    cdk.Tags.of(bucket).add('Environment', 'Production');
    // A suppression in cdk-nag's format: hardstack honours it through rule aliases.
    (bucket.node.defaultChild as s3.CfnBucket).addMetadata('cdk_nag', {
      rules_to_suppress: [
        {
          id: 'AwsSolutions-S1',
          reason: 'Server access logs for the artifacts bucket are out of scope of this stack',
        },
      ],
    });

    // --- Instances -------------------------------------------------------------------
    const instanceRole = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
      inlinePolicies: {
        'artifacts-read': new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['s3:GetObject', 's3:ListBucket'],
              resources: [bucket.bucketArn, bucket.arnForObjects('*')],
            }),
          ],
        }),
        // Weakness: every log group in the account (the review's issue 1).
        'cloudwatch-logs': new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [`arn:aws:logs:${this.region}:${this.account}:*`],
            }),
          ],
        }),
      },
    });
    cdk.Tags.of(instanceRole).add('Environment', 'Production');
    const instanceProfile = new iam.CfnInstanceProfile(this, 'InstanceProfile', {
      roles: [instanceRole.roleName],
    });

    const appLogGroup = new logs.LogGroup(this, 'AppLogGroup', {
      logGroupName: `/aws/ec2/webapp-${suffix}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    const launchTemplate = new ec2.CfnLaunchTemplate(this, 'LaunchTemplate', {
      launchTemplateName: `webapp-${suffix}`,
      launchTemplateData: {
        imageId: latestAmiId.valueAsString,
        instanceType: instanceType.valueAsString,
        iamInstanceProfile: { arn: instanceProfile.attrArn },
        securityGroupIds: [instanceSg.ref],
        metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            ebs: { volumeSize: 20, volumeType: 'gp3', encrypted: true },
          },
        ],
        userData: cdk.Fn.base64(
          cdk.Fn.sub(
            [
              '#!/bin/bash',
              'dnf install -y nginx amazon-cloudwatch-agent',
              'echo "log group: ${AppLogGroup}" > /etc/webapp.conf',
              'systemctl enable --now nginx',
              '',
            ].join('\n'),
            { AppLogGroup: appLogGroup.logGroupName },
          ),
        ),
        tagSpecifications: [{ resourceType: 'instance', tags: PRODUCTION }],
      },
    });

    // --- Load balancer ---------------------------------------------------------------
    const loadBalancer = new elbv2.CfnLoadBalancer(this, 'LoadBalancer', {
      type: 'application',
      scheme: 'internet-facing',
      subnets: [public1.ref, public2.ref],
      securityGroups: [lbSg.ref],
      tags: PRODUCTION,
    });
    const targetGroup = new elbv2.CfnTargetGroup(this, 'TargetGroup', {
      vpcId: vpc.ref,
      protocol: 'HTTP',
      port: 80,
      healthCheckPath: '/health',
      tags: PRODUCTION,
    });
    // Weakness: plain HTTP, no WAF web ACL associated.
    new elbv2.CfnListener(this, 'Listener', {
      loadBalancerArn: loadBalancer.ref,
      protocol: 'HTTP',
      port: 80,
      defaultActions: [{ type: 'forward', targetGroupArn: targetGroup.ref }],
    });

    const asg = new autoscaling.CfnAutoScalingGroup(this, 'AutoScalingGroup', {
      minSize: '1',
      maxSize: '4',
      desiredCapacity: '2',
      vpcZoneIdentifier: [private1.ref, private2.ref],
      launchTemplate: {
        launchTemplateId: launchTemplate.ref,
        version: launchTemplate.attrLatestVersionNumber,
      },
      targetGroupArns: [targetGroup.ref],
      healthCheckType: 'ELB',
      healthCheckGracePeriod: 300,
      tags: [{ key: 'Environment', value: 'Production', propagateAtLaunch: true }],
    });

    // --- Monitoring ------------------------------------------------------------------
    // Weakness: the topic has no KMS key (the review's issue 10).
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `webapp-${suffix}-alarms`,
    });
    new cloudwatch.CfnAlarm(this, 'HighCpuAlarm', {
      alarmDescription: 'Average CPU above 80% for 10 minutes',
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: [{ name: 'AutoScalingGroupName', value: asg.ref }],
      statistic: 'Average',
      period: 300,
      evaluationPeriods: 2,
      threshold: 80,
      comparisonOperator: 'GreaterThanThreshold',
      alarmActions: [alarmTopic.topicArn],
    });
    new cloudwatch.CfnAlarm(this, 'UnhealthyHostsAlarm', {
      alarmDescription: 'Unhealthy targets behind the load balancer',
      namespace: 'AWS/ApplicationELB',
      metricName: 'UnHealthyHostCount',
      dimensions: [
        { name: 'TargetGroup', value: targetGroup.attrTargetGroupFullName },
        { name: 'LoadBalancer', value: loadBalancer.attrLoadBalancerFullName },
      ],
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 3,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      alarmActions: [alarmTopic.topicArn],
    });

    new cdk.CfnOutput(this, 'LoadBalancerDns', { value: loadBalancer.attrDnsName });
    new cdk.CfnOutput(this, 'ArtifactsBucketName', { value: bucket.bucketName });
  }
}
