// Package ecrscan brings the scan results of ECR images up to date: it
// starts a basic scan where an image has none from the last 24 hours (ECR
// allows one a day), waits with backoff for the scans to complete, and
// reads the findings of basic and enhanced (Amazon Inspector) scanning
// alike. Its only write is ecr:StartImageScan.
package ecrscan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/awslive"
	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/model"
)

// Options say which images to scan and how long to wait.
type Options struct {
	// Account is the account the configuration acts in.
	Account string
	// Select names the images.
	Select awslive.Selection
	// Timeout bounds the wait for scans to complete (default 10 minutes).
	Timeout time.Duration
	// MaxAge is how old a completed scan may be and still be used rather
	// than started again (default 24 hours, ECR's limit of one scan a day).
	MaxAge time.Duration
	// Poll is the first wait between reads of a running scan (default 5
	// seconds); it doubles up to 30 seconds.
	Poll time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// What happened to an image's scan.
const (
	Reused  = "reused"  // a completed scan from within MaxAge
	Started = "started" // this run started a scan
	Waited  = "waited"  // a scan was already in progress
	Kept    = "kept"    // not started again: ECR refused, or a status it cannot start from
)

// Image is an image with its scan result and what was done.
type Image struct {
	*model.ECRImage
	// Action is Reused, Started, Waited or Kept.
	Action string
	// Note says why, when the result is not a fresh or reused complete scan.
	Note string
}

// Known reports whether the scan result can be judged: COMPLETE (basic)
// or ACTIVE (enhanced). Every other status is unknown, never a pass.
func (i Image) Known() bool { return i.ScanStatus == "COMPLETE" || i.ScanStatus == "ACTIVE" }

// Result is what a run found in one account and Region.
type Result struct {
	Images []Image
	adapt.Result
}

// scanAPI is the part of the ECR client a run calls.
type scanAPI interface {
	awslive.ScanFindingsAPI
	StartImageScan(context.Context, *ecr.StartImageScanInput, ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error)
}

// Run reads the selected images of the account and Region of cfg, starts
// the scans they need and waits for them.
func Run(ctx context.Context, cfg aws.Config, o Options) *Result {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 24 * time.Hour
	}
	if o.Poll <= 0 {
		o.Poll = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	imgs, diags := awslive.Images(ctx, cfg, awslive.Options{Account: o.Account}, o.Select)
	res := &Result{Result: diags}
	cl := ecr.NewFromConfig(cfg)
	var waiting []*Image
	for _, img := range imgs {
		res.Images = append(res.Images, Image{ECRImage: img})
	}
	for i := range res.Images {
		img := &res.Images[i]
		switch {
		case img.ScanStatus == "ACTIVE":
			img.Action = Reused // enhanced scanning: Inspector scans continuously
		case img.ScanStatus == "COMPLETE" && (img.ScanCompletedAt.IsZero() || o.Now().Sub(img.ScanCompletedAt) < o.MaxAge):
			img.Action = Reused
		case img.ScanStatus == "IN_PROGRESS" || img.ScanStatus == "PENDING":
			img.Action = Waited
			waiting = append(waiting, img)
		case img.ScanStatus == "" || img.ScanStatus == "COMPLETE" || img.ScanStatus == "FAILED":
			if start(ctx, cl, img, &res.Result, cfg.Region) {
				waiting = append(waiting, img)
			}
		default:
			img.Action = Kept // UNSUPPORTED_IMAGE, FINDINGS_UNAVAILABLE, SCAN_ELIGIBILITY_EXPIRED, ERROR...
		}
	}
	wait(ctx, cl, waiting, o)
	return res
}

// start starts a basic scan of img and reports whether one is running.
func start(ctx context.Context, cl scanAPI, img *Image, res *adapt.Result, region string) bool {
	out, err := cl.StartImageScan(ctx, &ecr.StartImageScanInput{
		RepositoryName: aws.String(img.Repository),
		ImageId:        &ecrtypes.ImageIdentifier{ImageDigest: aws.String(img.Digest)},
	})
	var limit *ecrtypes.LimitExceededException
	var unsupported *ecrtypes.UnsupportedImageTypeException
	switch {
	case err == nil:
		img.Action = Started
		if s := out.ImageScanStatus; s != nil {
			img.ScanStatus, img.ScanStatusDescription = string(s.Status), aws.ToString(s.Description)
		}
		return true
	case errors.As(err, &limit):
		img.Action, img.Note = Kept, "ECR allows one scan of an image a day; the last result is shown"
	case errors.As(err, &unsupported):
		img.Action = Kept
		img.ScanStatus, img.ScanStatusDescription = "UNSUPPORTED_IMAGE", aws.ToString(unsupported.Message)
	case awsconf.IsAccessDenied(err):
		img.Action, img.Note = Kept, "missing permission ecr:StartImageScan"
		res.Warnf(model.Pos{File: awslive.Scope(img.Live.Account, region)}, fmt.Sprintf("missing permission ecr:StartImageScan in %s: %s not scanned", region, name(img.ECRImage)))
	default:
		// Registries with enhanced scanning refuse basic scans
		// (ValidationException): Inspector scans them by itself.
		img.Action, img.Note = Kept, "could not start a scan: "+awsconf.Describe(err)
	}
	return false
}

// wait reads the scans of imgs again, with backoff, until each is no
// longer in progress or the timeout passes.
func wait(ctx context.Context, cl scanAPI, imgs []*Image, o Options) {
	if len(imgs) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	delay := o.Poll
	for len(imgs) > 0 {
		var still []*Image
		for _, img := range imgs {
			if img.Action == Started && img.ScanStatus != "IN_PROGRESS" && img.ScanStatus != "PENDING" && img.ScanStatus != "" {
				continue // the start answer was already final
			}
			awslive.ReadScan(ctx, cl, img.ECRImage)
			if ctx.Err() != nil { // the read was cut short by --timeout
				img.ScanStatus, img.ScanStatusDescription = "IN_PROGRESS", ""
			}
			if img.ScanStatus == "IN_PROGRESS" || img.ScanStatus == "PENDING" || (img.ScanStatus == "" && img.Action == Started) {
				still = append(still, img)
			}
		}
		imgs = still
		if len(imgs) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			for _, img := range imgs {
				img.Note = fmt.Sprintf("the scan did not complete within --timeout %s", o.Timeout)
				if img.ScanStatus == "" {
					img.ScanStatus = "IN_PROGRESS"
				}
			}
			return
		case <-time.After(delay):
		}
		delay = min(delay*2, 30*time.Second)
	}
}

// name names an image for messages: repository:tag or repository@digest.
func name(img *model.ECRImage) string {
	if len(img.Tags) > 0 {
		return img.Repository + ":" + img.Tags[0]
	}
	return img.Repository + "@" + img.Digest
}
