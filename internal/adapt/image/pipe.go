package image

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"runtime/debug"
)

// Sizes of a hashPipe's buffers: what is written is copied into chunks of
// hashChunk bytes, at most hashChunks of them in flight.
const (
	hashChunk  = 64 << 10
	hashChunks = 4
)

// hashPipe computes the SHA-256 of what is written to it in a goroutine of
// its own, so that verifying a layer's digests runs beside its
// decompression instead of after each read. Write copies into a bounded
// set of chunks and blocks only when the hasher is that far behind. The
// owner must call sum or stop, which ends the goroutine.
type hashPipe struct {
	cur  []byte
	full chan []byte
	free chan []byte
	done chan struct{}
	h    hash.Hash
	// digest is the result once sum was called; stopped is set by sum and
	// stop.
	digest  string
	stopped bool
}

func newHashPipe() *hashPipe {
	p := &hashPipe{
		cur:  make([]byte, 0, hashChunk),
		full: make(chan []byte, hashChunks),
		free: make(chan []byte, hashChunks),
		done: make(chan struct{}),
		h:    sha256.New(),
	}
	for i := 1; i < hashChunks; i++ {
		p.free <- make([]byte, 0, hashChunk)
	}
	go func() {
		defer close(p.done)
		for b := range p.full {
			p.h.Write(b)
			p.free <- b[:0]
		}
	}()
	return p
}

// Write queues b for hashing; it never fails.
func (p *hashPipe) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		c := copy(p.cur[len(p.cur):cap(p.cur)], b)
		p.cur, b = p.cur[:len(p.cur)+c], b[c:]
		if len(p.cur) == cap(p.cur) {
			p.full <- p.cur
			p.cur = <-p.free
		}
	}
	return n, nil
}

// sum waits for the hasher and returns "sha256:<hex>" of all written.
func (p *hashPipe) sum() string {
	if p.stopped {
		return p.digest
	}
	if len(p.cur) > 0 {
		p.full <- p.cur
		p.cur = nil
	}
	p.stop()
	p.digest = "sha256:" + hex.EncodeToString(p.h.Sum(nil))
	return p.digest
}

// stop ends the hasher goroutine; later writes are not allowed.
func (p *hashPipe) stop() {
	if p.stopped {
		return
	}
	p.stopped = true
	close(p.full)
	<-p.done
}

// streamPipe carries a layer's decompressed stream from the goroutine that
// decompresses it to the tar reader, in chunks of hashChunk bytes with at
// most hashChunks in flight, so that decompression (the bulk of the work)
// runs beside tar parsing and hashing. The reader calls close when it
// stops reading, early or not; after close returns, the producer has
// ended.
type streamPipe struct {
	full chan []byte
	free chan []byte
	quit chan struct{}
	done chan struct{}
	// err is the producer's error, read after done.
	err error
	// wcur is the writer's chunk being filled; rcur what is left of the
	// chunk being read, held the whole chunk.
	wcur, rcur, held []byte
	closed           bool
}

// errPipeClosed ends a producer whose reader stopped reading.
var errPipeClosed = errors.New("reader stopped")

// startPipe runs produce in a goroutine, writing into the pipe.
func startPipe(produce func(w io.Writer) error) *streamPipe {
	p := &streamPipe{
		full: make(chan []byte, hashChunks),
		free: make(chan []byte, hashChunks),
		quit: make(chan struct{}),
		done: make(chan struct{}),
		wcur: make([]byte, 0, hashChunk),
	}
	for i := 1; i < hashChunks; i++ {
		p.free <- make([]byte, 0, hashChunk)
	}
	go func() {
		defer close(p.done)
		p.err = p.run(produce)
		close(p.full)
	}()
	return p
}

// run runs produce and sends what is left of the last chunk, also when
// produce failed: the reader gets all that was produced, then the error.
// A panic of the decompressor becomes an error: it runs outside Adapt's
// recover.
func (p *streamPipe) run(produce func(w io.Writer) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("internal error while decompressing the layer (please report): %v\n%s", v, debug.Stack())
		}
	}()
	err = produce(pipeWriter{p})
	if len(p.wcur) > 0 && !errors.Is(err, errPipeClosed) {
		if serr := p.send(); err == nil {
			err = serr
		}
	}
	return err
}

// pipeWriter is the producer's side of a streamPipe.
type pipeWriter struct{ p *streamPipe }

func (w pipeWriter) Write(b []byte) (int, error) {
	p, n := w.p, len(b)
	for len(b) > 0 {
		c := copy(p.wcur[len(p.wcur):cap(p.wcur)], b)
		p.wcur, b = p.wcur[:len(p.wcur)+c], b[c:]
		if len(p.wcur) == cap(p.wcur) {
			if err := p.send(); err != nil {
				return n - len(b), err
			}
		}
	}
	return n, nil
}

// send passes the filled chunk to the reader and takes a free one.
func (p *streamPipe) send() error {
	select {
	case p.full <- p.wcur:
	case <-p.quit:
		return errPipeClosed
	}
	select {
	case p.wcur = <-p.free:
	case <-p.quit:
		return errPipeClosed
	}
	return nil
}

// Read reads the stream; at its end it returns the producer's error, or
// io.EOF.
func (p *streamPipe) Read(b []byte) (int, error) {
	for len(p.rcur) == 0 {
		if p.held != nil {
			p.free <- p.held[:0]
			p.held = nil
		}
		c, ok := <-p.full
		if !ok {
			<-p.done
			if p.err != nil {
				return 0, p.err
			}
			return 0, io.EOF
		}
		p.held, p.rcur = c, c
	}
	n := copy(b, p.rcur)
	p.rcur = p.rcur[n:]
	return n, nil
}

// close stops the producer, if it still runs, and waits for it.
func (p *streamPipe) close() {
	if p.closed {
		return
	}
	p.closed = true
	close(p.quit)
	<-p.done
}
