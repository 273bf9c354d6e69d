package memnet

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// window is how many bytes a direction buffers before Write blocks, like a
// socket buffer: a writer runs ahead of its reader by up to this much.
const window = 256 << 10

// Pipe returns the two ends of a connection: what one writes the other
// reads. local is the first end's address, remote the second's.
func Pipe(local, remote net.Addr) (*Conn, *Conn) {
	ab, ba := newStream(), newStream()
	a := &Conn{local: local, remote: remote, in: ba, out: ab, done: make(chan struct{})}
	b := &Conn{local: remote, remote: local, in: ab, out: ba, done: make(chan struct{})}
	a.rd.init()
	a.wd.init()
	b.rd.init()
	b.wd.init()
	return a, b
}

// stream is one direction of a connection.
type stream struct {
	mu         sync.Mutex // guards buf, readerGone, writerGone
	buf        []byte
	readerGone bool          // the reading end closed: writes fail
	writerGone bool          // the writing end closed: reads see EOF once drained
	readable   chan struct{} // signalled (cap 1) on data or writerGone
	writable   chan struct{} // signalled (cap 1) on space or readerGone
}

func newStream() *stream {
	return &stream{readable: make(chan struct{}, 1), writable: make(chan struct{}, 1)}
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// Conn is one end of an in-memory connection (a net.Conn).
type Conn struct {
	local, remote net.Addr
	in, out       *stream
	rd, wd        deadline
	done          chan struct{} // closed by Close
	once          sync.Once
}

func (c *Conn) opErr(op string, err error) error {
	return &net.OpError{Op: op, Net: "tcp", Source: c.local, Addr: c.remote, Err: err}
}

func (c *Conn) isClosed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// Read reads what the other end wrote; io.EOF once it closed and
// everything is read.
func (c *Conn) Read(p []byte) (int, error) {
	s := c.in
	for {
		if c.isClosed() {
			return 0, c.opErr("read", net.ErrClosed)
		}
		if expired(c.rd.wait()) {
			return 0, c.opErr("read", os.ErrDeadlineExceeded)
		}
		s.mu.Lock()
		if len(s.buf) > 0 {
			n := copy(p, s.buf)
			s.buf = s.buf[n:]
			if len(s.buf) > 0 {
				signal(s.readable)
			}
			s.mu.Unlock()
			signal(s.writable)
			return n, nil
		}
		eof := s.writerGone
		s.mu.Unlock()
		if eof || len(p) == 0 {
			if eof {
				return 0, io.EOF
			}
			return 0, nil
		}
		select {
		case <-s.readable:
		case <-c.rd.wait():
		case <-c.done:
		}
	}
}

// Write buffers p for the other end, blocking while its window is full.
// Writing after the other end closed is EPIPE.
func (c *Conn) Write(p []byte) (int, error) {
	s := c.out
	written := 0
	for {
		if c.isClosed() {
			return written, c.opErr("write", net.ErrClosed)
		}
		if expired(c.wd.wait()) {
			return written, c.opErr("write", os.ErrDeadlineExceeded)
		}
		s.mu.Lock()
		if s.readerGone {
			s.mu.Unlock()
			return written, c.opErr("write", os.NewSyscallError("write", syscall.EPIPE))
		}
		if space := window - len(s.buf); space > 0 {
			n := min(space, len(p)-written)
			s.buf = append(s.buf, p[written:written+n]...)
			written += n
			signal(s.readable)
		}
		s.mu.Unlock()
		if written == len(p) {
			return written, nil
		}
		select {
		case <-s.writable:
		case <-c.wd.wait():
		case <-c.done:
		}
	}
}

// Close closes both directions: the other end reads EOF after what was
// already written, and its writes fail. Reads and writes blocked on this
// end return net.ErrClosed.
func (c *Conn) Close() error {
	closed := false
	c.once.Do(func() {
		closed = true
		close(c.done)
		c.in.mu.Lock()
		c.in.readerGone, c.in.buf = true, nil
		c.in.mu.Unlock()
		signal(c.in.writable)
		c.out.mu.Lock()
		c.out.writerGone = true
		c.out.mu.Unlock()
		signal(c.out.readable)
		c.rd.set(time.Time{})
		c.wd.set(time.Time{})
	})
	if !closed {
		return c.opErr("close", net.ErrClosed)
	}
	return nil
}

// LocalAddr and RemoteAddr are 127.0.0.1 addresses.
func (c *Conn) LocalAddr() net.Addr  { return c.local }
func (c *Conn) RemoteAddr() net.Addr { return c.remote }

// SetDeadline sets both deadlines.
func (c *Conn) SetDeadline(t time.Time) error {
	if c.isClosed() {
		return c.opErr("set", net.ErrClosed)
	}
	c.rd.set(t)
	c.wd.set(t)
	return nil
}

// SetReadDeadline makes blocked and future reads fail with
// os.ErrDeadlineExceeded from t; the zero time clears it.
func (c *Conn) SetReadDeadline(t time.Time) error {
	if c.isClosed() {
		return c.opErr("set", net.ErrClosed)
	}
	c.rd.set(t)
	return nil
}

// SetWriteDeadline is SetReadDeadline for writes.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	if c.isClosed() {
		return c.opErr("set", net.ErrClosed)
	}
	c.wd.set(t)
	return nil
}

// deadline is a channel closed when the deadline passes (as in net.Pipe).
type deadline struct {
	mu     sync.Mutex // guards timer, cancel
	timer  *time.Timer
	cancel chan struct{}
}

func (d *deadline) init() { d.cancel = make(chan struct{}) }

func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		<-d.cancel // the timer fired: wait for it to close cancel
	}
	d.timer = nil
	closed := expired(d.cancel)
	if t.IsZero() {
		if closed {
			d.cancel = make(chan struct{})
		}
		return
	}
	if dur := time.Until(t); dur > 0 {
		if closed {
			d.cancel = make(chan struct{})
		}
		cancel := d.cancel
		d.timer = time.AfterFunc(dur, func() { close(cancel) })
		return
	}
	if !closed {
		close(d.cancel)
	}
}

func (d *deadline) wait() chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cancel
}

func expired(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
