package suppress

import "strings"

// trivyLongIDs maps the long names that tfsec and Trivy comments use
// (#tfsec:ignore:aws-ecr-enforce-immutable-repository) to the AVD IDs rules
// list as peers. Only the AWS checks that some rule corresponds to are here;
// the names are the long_id and aliases in the checks' metadata
// (github.com/aquasecurity/trivy-checks, checks/cloud/aws).
var trivyLongIDs = map[string]string{
	"aws-autoscaling-enable-at-rest-encryption":       "AVD-AWS-0008",
	"aws-ec2-enable-launch-config-at-rest-encryption": "AVD-AWS-0008",
	"aws-cloudtrail-enable-all-regions":               "AVD-AWS-0014",
	"aws-cloudwatch-log-group-customer-key":           "AVD-AWS-0017",
	"aws-ec2-enable-volume-encryption":                "AVD-AWS-0026",
	"aws-ecr-enable-image-scans":                      "AVD-AWS-0030",
	"aws-ecr-enforce-immutable-repository":            "AVD-AWS-0031",
	"aws-ecr-no-public-access":                        "AVD-AWS-0032",
	"aws-ecr-repository-customer-key":                 "AVD-AWS-0033",
	"aws-ecs-enable-container-insight":                "AVD-AWS-0034",
	"aws-ecs-enable-in-transit-encryption":            "AVD-AWS-0035",
	"aws-ecs-no-plaintext-secrets":                    "AVD-AWS-0036",
	"aws-efs-enable-at-rest-encryption":               "AVD-AWS-0037",
	"aws-eks-enable-control-plane-logging":            "AVD-AWS-0038",
	"aws-eks-encrypt-secrets":                         "AVD-AWS-0039",
	"aws-eks-no-public-cluster-access":                "AVD-AWS-0040",
	"aws-eks-no-public-cluster-access-to-cidr":        "AVD-AWS-0041",
	"aws-ec2-enable-at-rest-encryption":               "AVD-AWS-0131",
}

// trivyID returns the AVD ID a Trivy or tfsec comment names: the ID itself,
// or the AVD ID of a known long name.
func trivyID(id string) string {
	if avd, ok := trivyLongIDs[strings.ToLower(id)]; ok {
		return avd
	}
	return id
}
