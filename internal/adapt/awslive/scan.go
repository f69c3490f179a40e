package awslive

import (
	"context"
	"errors"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/model"
)

// scanError is the ScanStatus of an image whose findings could not be read.
const scanError = "ERROR"

// maxTopFindings is how many of an image's most severe findings are kept.
const maxTopFindings = 5

// maxFindingPages bounds the findings pages read per image (1000 a page).
const maxFindingPages = 10

// SeverityRank orders scan severities, most severe highest; unknown names rank 0.
func SeverityRank(s string) int {
	switch s {
	case "CRITICAL":
		return 5
	case "HIGH":
		return 4
	case "MEDIUM":
		return 3
	case "LOW":
		return 2
	case "INFORMATIONAL", "UNTRIAGED":
		return 1
	}
	return 0
}

// ScanFindingsAPI is the part of the ECR client that reads scan findings.
type ScanFindingsAPI interface {
	DescribeImageScanFindings(context.Context, *ecr.DescribeImageScanFindingsInput, ...func(*ecr.Options)) (*ecr.DescribeImageScanFindingsOutput, error)
}

// ReadScan reads the scan status, counts and most severe findings of an
// image (basic and enhanced findings alike). An image never scanned has an
// empty ScanStatus; one whose findings could not be read has "ERROR" with
// the reason in ScanStatusDescription.
func ReadScan(ctx context.Context, cl ScanFindingsAPI, img *model.ECRImage) {
	in := &ecr.DescribeImageScanFindingsInput{
		RepositoryName: aws.String(img.Repository),
		ImageId:        &ecrtypes.ImageIdentifier{ImageDigest: aws.String(img.Digest)},
		MaxResults:     aws.Int32(1000),
	}
	img.SeverityCounts, img.TopFindings = nil, nil
	var all []model.ScanFinding
	pg := ecr.NewDescribeImageScanFindingsPaginator(cl, in)
	for page := 0; pg.HasMorePages() && page < maxFindingPages; page++ {
		out, err := pg.NextPage(ctx)
		var nf *ecrtypes.ScanNotFoundException
		switch {
		case err != nil && errors.As(err, &nf):
			img.ScanStatus, img.ScanStatusDescription = "", "never scanned"
			return
		case err != nil:
			img.ScanStatus, img.ScanStatusDescription = scanError, awsconf.Describe(err)
			if a := awsconf.ErrorAction(err); a != "" && awsconf.IsAccessDenied(err) {
				img.ScanStatusDescription = "missing permission " + a
			}
			return
		}
		if s := out.ImageScanStatus; s != nil {
			img.ScanStatus, img.ScanStatusDescription = string(s.Status), aws.ToString(s.Description)
		}
		f := out.ImageScanFindings
		if f == nil {
			continue
		}
		if page == 0 && f.ImageScanCompletedAt != nil {
			img.ScanCompletedAt = *f.ImageScanCompletedAt
		}
		if page == 0 && f.FindingSeverityCounts != nil {
			img.SeverityCounts = map[string]int{}
			for sev, n := range f.FindingSeverityCounts {
				img.SeverityCounts[sev] = int(n)
			}
		}
		for _, x := range f.Findings {
			sf := model.ScanFinding{Name: aws.ToString(x.Name), Severity: string(x.Severity), URI: aws.ToString(x.Uri)}
			for _, a := range x.Attributes {
				if aws.ToString(a.Key) == "package_name" {
					sf.Package = aws.ToString(a.Value)
				}
			}
			all = append(all, sf)
		}
		for _, x := range f.EnhancedFindings {
			sf := model.ScanFinding{Name: aws.ToString(x.Title), Severity: aws.ToString(x.Severity)}
			if d := x.PackageVulnerabilityDetails; d != nil {
				sf.Name, sf.URI = aws.ToString(d.VulnerabilityId), aws.ToString(d.SourceUrl)
				if len(d.VulnerablePackages) > 0 {
					sf.Package = aws.ToString(d.VulnerablePackages[0].Name)
				}
			}
			all = append(all, sf)
		}
	}
	if img.SeverityCounts == nil && len(all) > 0 {
		img.SeverityCounts = map[string]int{}
		for _, f := range all {
			img.SeverityCounts[f.Severity]++
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if a, b := SeverityRank(all[i].Severity), SeverityRank(all[j].Severity); a != b {
			return a > b
		}
		return all[i].Name < all[j].Name
	})
	if len(all) > maxTopFindings {
		all = all[:maxTopFindings]
	}
	img.TopFindings = all
}
