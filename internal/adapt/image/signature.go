package image

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"

	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/model"
)

// DefaultKeychain finds registry credentials in ~/.docker/config.json (and
// the credential helpers it names), then for ECR hosts through the AWS SDK.
var DefaultKeychain authn.Keychain = authn.NewMultiKeychain(authn.DefaultKeychain, &awsconf.ECRKeychain{})

// SignatureArtifactTypes are the artifact types of OCI referrers that are
// signatures: cosign's, Sigstore bundles and Notation's.
var SignatureArtifactTypes = []string{
	"application/vnd.dev.cosign.artifact.sig.v1+json",
	"application/vnd.dev.sigstore.bundle.v0.3+json",
	"application/vnd.dev.sigstore.bundle+json;version=0.3",
	"application/vnd.cncf.notary.signature",
}

// signature looks for a signature of a registry image: cosign's
// sha256-<digest>.sig tag, or an OCI referrer with a signature artifact
// type, for the image manifest and for the index it was picked from.
func signature(r *resolved) (model.Bool, string) {
	if r.repo == nil {
		return model.Bool{}, ""
	}
	var digests []string
	for _, d := range []string{r.index, r.digest} {
		if d != "" {
			digests = append(digests, d)
		}
	}
	var failures []string
	for _, d := range digests {
		h, err := v1.NewHash(d)
		if err != nil {
			continue
		}
		tag := r.repo.Tag(h.Algorithm + "-" + h.Hex + ".sig")
		_, err = remote.Head(tag, r.remoteOpts...)
		if err == nil {
			return model.Bool{V: true, P: model.Known}, "cosign signature tag " + tag.TagStr()
		}
		if !notFound(err) {
			failures = append(failures, fmt.Sprintf("tag %s: %v", tag.TagStr(), err))
		}
		idx, err := remote.Referrers(r.repo.Digest(d), r.remoteOpts...)
		if err != nil {
			if !notFound(err) {
				failures = append(failures, fmt.Sprintf("referrers of %s: %v", short(d), err))
			}
			continue
		}
		im, err := idx.IndexManifest()
		if err != nil {
			failures = append(failures, fmt.Sprintf("referrers of %s: %v", short(d), err))
			continue
		}
		for _, m := range im.Manifests {
			for _, t := range SignatureArtifactTypes {
				if string(m.ArtifactType) == t {
					return model.Bool{V: true, P: model.Known}, "OCI referrer of type " + t
				}
			}
		}
	}
	if len(failures) > 0 {
		return model.Bool{P: model.Unknown}, strings.Join(failures, "; ")
	}
	return model.Bool{V: false, P: model.Known}, ""
}

// notFound reports a registry's "no such manifest".
func notFound(err error) bool {
	var te *transport.Error
	return errors.As(err, &te) && te.StatusCode == http.StatusNotFound
}

// short cuts a digest for messages: "sha256:0123456789ab".
func short(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}
