package image

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestPipes: what goes through a streamPipe comes out whole and in order,
// across chunk boundaries and odd write sizes; a hashPipe gives the
// SHA-256 of what was written.
func TestPipes(t *testing.T) {
	data := make([]byte, 5*hashChunk+12345)
	rand.New(rand.NewSource(1)).Read(data)
	p := startPipe(func(w io.Writer) error {
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 1+len(rest)%7919)
			if _, err := w.Write(rest[:n]); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return nil
	})
	defer p.close()
	h := newHashPipe()
	got, err := io.ReadAll(io.TeeReader(p, h))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes of %d, %v", len(got), len(data), err)
	}
	sum := sha256.Sum256(data)
	want := "sha256:" + hex.EncodeToString(sum[:])
	if got := h.sum(); got != want {
		t.Errorf("hash %s, want %s", got, want)
	}
	if again := h.sum(); again != want {
		t.Errorf("second sum %s, want %s", again, want)
	}
}

// TestPipeErrors: the producer's error ends the stream; a panic in it
// becomes an error instead of a crash; a reader that stops early stops
// the producer.
func TestPipeErrors(t *testing.T) {
	boom := errors.New("boom")
	p := startPipe(func(w io.Writer) error {
		w.Write([]byte("partial"))
		return boom
	})
	got, err := io.ReadAll(p)
	if string(got) != "partial" || !errors.Is(err, boom) {
		t.Errorf("got %q, %v", got, err)
	}
	p.close()

	p = startPipe(func(io.Writer) error { panic("decoder bug") })
	if _, err := io.ReadAll(p); err == nil || !strings.Contains(err.Error(), "internal error while decompressing the layer (please report): decoder bug") {
		t.Errorf("panic: %v", err)
	}
	p.close()

	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		p = startPipe(func(w io.Writer) error {
			for {
				if _, err := w.Write(make([]byte, 1000)); err != nil {
					return err
				}
			}
		})
		p.Read(make([]byte, 10))
		p.close()
		h := newHashPipe()
		h.Write(make([]byte, 3*hashChunk))
		h.stop()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left running (%d before)", n, before)
	}
}
