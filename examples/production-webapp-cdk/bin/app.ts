#!/usr/bin/env node
// The production web application of the sample security review, as a CDK app.
// The account and region are explicit, so `cdk synth` needs no credentials or network.
import * as cdk from 'aws-cdk-lib';
import { WebAppStack } from '../lib/webapp-stack';

const app = new cdk.App();
new WebAppStack(app, 'WebAppStack', {
  env: { account: '123456789012', region: 'us-west-2' },
  description:
    'Production web application: a VPC in us-west-2 with public and private subnets, an Auto ' +
    'Scaling group of t3.medium instances behind an Application Load Balancer, an S3 bucket ' +
    'for artifacts, IAM roles, and CloudWatch alarms notifying an SNS topic.',
});
