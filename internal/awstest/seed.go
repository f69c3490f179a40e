package awstest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// ImageDigest is the digest of the image Seed pushes to repository "app".
const ImageDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"

// PlantedSecret is the literal secret Seed writes into a task definition's
// environment; it must never appear unmasked in any output.
const PlantedSecret = "Zq9xPlantedDbPassw0rd"

// KMSKey is a customer managed key ARN the secure resources name.
const KMSKey = "arn:aws:kms:eu-west-1:123456789012:key/0b6f2a8e-1111-2222-3333-444455556666"

// Seed creates, through the SDK, an insecure and a secure variant of the
// resources the audit reads: clusters with exec configuration, a service
// with a public IP and an open security group, a privileged task definition
// with a secret in its environment and a wildcard task role, repositories
// (one public and mutable, one locked down), an image with CRITICAL scan
// findings, a log group, an EventBridge rule on ExecuteCommand and a
// GuardDuty detector with ECS runtime monitoring.
func Seed(t testing.TB, s *Server, region string) {
	t.Helper()
	ctx := context.Background()
	cfg := Config(s.URL, region)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding moto: %v", err)
		}
	}
	logs := cloudwatchlogs.NewFromConfig(cfg)
	must(logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/ecs/exec-insecure")}))
	must(logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/ecs/exec-secure"), KmsKeyId: aws.String(KMSKey)}))

	cl := ecs.NewFromConfig(cfg)
	must(cl.CreateCluster(ctx, &ecs.CreateClusterInput{
		ClusterName: aws.String("insecure"),
		Configuration: &ecstypes.ClusterConfiguration{ExecuteCommandConfiguration: &ecstypes.ExecuteCommandConfiguration{
			Logging: ecstypes.ExecuteCommandLoggingOverride,
			LogConfiguration: &ecstypes.ExecuteCommandLogConfiguration{
				CloudWatchLogGroupName: aws.String("/ecs/exec-insecure"), CloudWatchEncryptionEnabled: false,
			},
		}},
		Settings: []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("disabled")}},
	}))
	must(cl.CreateCluster(ctx, &ecs.CreateClusterInput{
		ClusterName: aws.String("secure"),
		Configuration: &ecstypes.ClusterConfiguration{
			ExecuteCommandConfiguration: &ecstypes.ExecuteCommandConfiguration{
				KmsKeyId: aws.String(KMSKey),
				Logging:  ecstypes.ExecuteCommandLoggingOverride,
				LogConfiguration: &ecstypes.ExecuteCommandLogConfiguration{
					CloudWatchLogGroupName: aws.String("/ecs/exec-secure"), CloudWatchEncryptionEnabled: true,
				},
			},
			ManagedStorageConfiguration: &ecstypes.ManagedStorageConfiguration{FargateEphemeralStorageKmsKeyId: aws.String(KMSKey)},
		},
		Settings: []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("enhanced")}},
	}))

	ec := ec2.NewFromConfig(cfg)
	vpcs, err := ec.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil || len(vpcs.Vpcs) == 0 {
		t.Fatalf("moto has no default VPC: %v", err)
	}
	vpc := vpcs.Vpcs[0].VpcId
	subnets, err := ec.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{})
	if err != nil || len(subnets.Subnets) == 0 {
		t.Fatalf("moto has no default subnet: %v", err)
	}
	sg, err := ec.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("open-ssh"), Description: aws.String("ssh from anywhere"), VpcId: vpc})
	must(sg, err)
	must(ec.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId, IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}},
	}}}))
	// A launch template for container instances with an unencrypted root
	// volume, and an EKS cluster with a public endpoint, no secrets
	// encryption and no control-plane logs.
	must(ec.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("ecs-instances"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{BlockDeviceMappings: []ec2types.LaunchTemplateBlockDeviceMappingRequest{{
			DeviceName: aws.String("/dev/xvda"), Ebs: &ec2types.LaunchTemplateEbsBlockDeviceRequest{VolumeSize: aws.Int32(30), Encrypted: aws.Bool(false)},
		}}}}))
	must(eks.NewFromConfig(cfg).CreateCluster(ctx, &eks.CreateClusterInput{Name: aws.String("k8s"),
		RoleArn:            aws.String("arn:aws:iam::" + Account + ":role/eks"),
		ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{aws.ToString(subnets.Subnets[0].SubnetId)}, EndpointPublicAccess: aws.Bool(true)}}))

	im := iam.NewFromConfig(cfg)
	role, err := im.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app-task"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)})
	must(role, err)
	must(im.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("app-task"), PolicyName: aws.String("everything"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}))

	image := Account + ".dkr.ecr." + region + ".amazonaws.com/app:v1"
	td, err := cl.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{
		Family: aws.String("web"), NetworkMode: ecstypes.NetworkModeAwsvpc, RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
		Cpu: aws.String("256"), Memory: aws.String("512"), TaskRoleArn: role.Role.Arn,
		ContainerDefinitions: []ecstypes.ContainerDefinition{{
			Name: aws.String("web"), Image: aws.String(image), Privileged: aws.Bool(true), Essential: aws.Bool(true),
			Environment: []ecstypes.KeyValuePair{{Name: aws.String("DB_PASSWORD"), Value: aws.String(PlantedSecret)}},
		}},
	})
	must(td, err)
	must(cl.CreateService(ctx, &ecs.CreateServiceInput{
		Cluster: aws.String("insecure"), ServiceName: aws.String("web"), TaskDefinition: td.TaskDefinition.TaskDefinitionArn,
		DesiredCount: aws.Int32(1), LaunchType: ecstypes.LaunchTypeFargate, EnableExecuteCommand: true,
		NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets: []string{aws.ToString(subnets.Subnets[0].SubnetId)}, SecurityGroups: []string{aws.ToString(sg.GroupId)},
			AssignPublicIp: ecstypes.AssignPublicIpEnabled,
		}},
	}))

	er := ecr.NewFromConfig(cfg)
	must(er.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")}))
	must(er.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: aws.String("app"),
		PolicyText: aws.String(`{"Version":"2012-10-17","Statement":[{"Sid":"all","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`)}))
	must(er.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("locked"),
		ImageTagMutability:         ecrtypes.ImageTagMutabilityImmutable,
		ImageScanningConfiguration: &ecrtypes.ImageScanningConfiguration{ScanOnPush: true},
		EncryptionConfiguration:    &ecrtypes.EncryptionConfiguration{EncryptionType: ecrtypes.EncryptionTypeKms, KmsKey: aws.String(KMSKey)},
	}))
	must(er.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("locked"),
		LifecyclePolicyText: aws.String(`{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}}]}`)}))
	manifest := `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222"},"layers":[]}`
	must(er.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageTag: aws.String("v1"), ImageManifest: aws.String(manifest), ImageDigest: aws.String(ImageDigest)}))
	s.Post(t, "/moto-api/static/ecr/scan-finding-results", `{"region":"`+region+`","account_id":"`+Account+`","results":[{"registryId":"`+Account+`","repositoryName":"app","imageId":{"imageDigest":"`+ImageDigest+`","imageTag":"v1"},"imageScanStatus":{"status":"COMPLETE"},"imageScanFindings":{"findingSeverityCounts":{"CRITICAL":2,"HIGH":1},"findings":[{"name":"CVE-2024-0001","severity":"CRITICAL","uri":"https://nvd.nist.gov/vuln/detail/CVE-2024-0001","attributes":[{"key":"package_name","value":"openssl"}]},{"name":"CVE-2024-0002","severity":"CRITICAL","uri":"https://nvd.nist.gov/vuln/detail/CVE-2024-0002","attributes":[]},{"name":"CVE-2024-0003","severity":"HIGH","uri":"https://nvd.nist.gov/vuln/detail/CVE-2024-0003","attributes":[]}]}}]}`)
	must(er.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: aws.String("app"), ImageId: &ecrtypes.ImageIdentifier{ImageDigest: aws.String(ImageDigest)}}))

	must(eventbridge.NewFromConfig(cfg).PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("exec-alert"),
		EventPattern: aws.String(`{"source":["aws.ecs"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventName":["ExecuteCommand"]}}`)}))
	must(guardduty.NewFromConfig(cfg).CreateDetector(ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true), Features: []gdtypes.DetectorFeatureConfiguration{{
		Name: gdtypes.DetectorFeatureRuntimeMonitoring, Status: gdtypes.FeatureStatusEnabled,
		AdditionalConfiguration: []gdtypes.DetectorAdditionalConfiguration{{Name: gdtypes.FeatureAdditionalConfigurationEcsFargateAgentManagement, Status: gdtypes.FeatureStatusEnabled}},
	}}}))
}

// SeedRunningTask runs a task of a new task definition "job" (image
// app:v1, Seed's image with CRITICAL findings) in cluster "insecure" and
// keeps it RUNNING (moto otherwise moves a task one status on at each
// describe). Clients that describe it need FixMotoTasks (or the Double).
// It returns the task's ARN.
func SeedRunningTask(t testing.TB, s *Server, region string) string {
	t.Helper()
	ctx := context.Background()
	s.Post(t, "/moto-api/state-manager/set-transition", `{"model_name":"ecs::task","transition":{"progression":"manual","times":1000}}`)
	cl := ecs.NewFromConfig(Config(s.URL, region, FixMotoTasks))
	// moto answers RunTask with 500 for awsvpc task definitions: bridge mode.
	if _, err := cl.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String("job"), NetworkMode: ecstypes.NetworkModeBridge,
		ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("job"), Image: aws.String(Account + ".dkr.ecr." + region + ".amazonaws.com/app:v1"),
			Memory: aws.Int32(256), Cpu: 128, Essential: aws.Bool(true)}}}); err != nil {
		t.Fatalf("seeding moto: %v", err)
	}
	out, err := cl.RunTask(ctx, &ecs.RunTaskInput{Cluster: aws.String("insecure"), TaskDefinition: aws.String("job"), LaunchType: ecstypes.LaunchTypeFargate})
	if err != nil || len(out.Tasks) != 1 {
		t.Fatalf("seeding moto: running a task: %v", err)
	}
	return aws.ToString(out.Tasks[0].TaskArn)
}
