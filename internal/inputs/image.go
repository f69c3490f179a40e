package inputs

import (
	"archive/tar"
	"io"
	"os"
	"path"
	"strings"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/image"
	"github.com/shipshape/shipshape/internal/scan"
)

func init() {
	scan.RegisterImageKind(scan.ImageKind{ByName: imageTarName, Sniff: imageArchive, Adapt: adaptImage})
}

// imageTarName claims tar files: docker save and OCI layout archives.
func imageTarName(p string) bool { return strings.EqualFold(path.Ext(p), ".tar") }

// imageArchive reports whether a tar file holds an image: a docker save
// manifest.json, or an OCI layout's oci-layout and index.json. Only the
// headers are read; the entries' data is skipped.
func imageArchive(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for n := 0; n < 100000; n++ {
		hdr, err := tr.Next()
		if err == io.EOF || err != nil {
			return false
		}
		switch path.Clean(hdr.Name) {
		case "manifest.json", "index.json":
			return true
		}
	}
	return false
}

func adaptImage(ref, display string, o *scan.Options) adapt.Result {
	return image.Adapt(ref, display, image.Options{Platform: o.Platform, AllPlatforms: o.AllPlatforms, Insecure: o.Insecure})
}
