package memnet

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"sync"
	"syscall"
)

// firstPort is the first port handed out for ":0". Low ports are never
// bound by anything on a test machine, so a client that by mistake dials
// one of them over the real network is refused at once instead of reaching
// a stranger.
const firstPort = 1

// backlog is how many dialed connections wait for Accept before Dial
// blocks, like a listen queue.
const backlog = 128

// Network is a set of in-memory listeners keyed by port. The zero value is
// not usable: call New (inside the bubble when used with synctest).
type Network struct {
	mu        sync.Mutex // guards listeners, next, nextLocal
	listeners map[int]*Listener
	next      int
	nextLocal int
}

// New returns an empty network.
func New() *Network {
	return &Network{listeners: map[int]*Listener{}, next: firstPort, nextLocal: ephemeral}
}

// Listen opens a listener on a loopback address; port 0 picks a free one.
// network must be "tcp", "tcp4" or "tcp6". A port in use is an error
// (EADDRINUSE), as with net.Listen.
func (n *Network) Listen(network, address string) (net.Listener, error) {
	port, err := parse("listen", network, address)
	if err != nil {
		return nil, err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if port == 0 {
		port = n.freePortLocked()
	}
	if _, used := n.listeners[port]; used {
		return nil, &net.OpError{Op: "listen", Net: "tcp", Addr: tcpAddr(port), Err: syscall.EADDRINUSE}
	}
	l := &Listener{net: n, addr: tcpAddr(port), conns: make(chan *Conn, backlog), done: make(chan struct{})}
	n.listeners[port] = l
	return l, nil
}

func (n *Network) freePortLocked() int {
	for {
		p := n.next
		n.next++
		if _, used := n.listeners[p]; !used {
			return p
		}
	}
}

// Dial is DialContext with a background context.
func (n *Network) Dial(network, address string) (net.Conn, error) {
	return n.DialContext(context.Background(), network, address)
}

// DialContext connects to the listener on address (an http.Transport's
// DialContext). No listener there is ECONNREFUSED; a full backlog waits
// until ctx is done.
func (n *Network) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	port, err := parse("dial", network, address)
	if err != nil {
		return nil, err
	}
	refused := &net.OpError{Op: "dial", Net: "tcp", Addr: tcpAddr(port), Err: syscall.ECONNREFUSED}
	n.mu.Lock()
	l := n.listeners[port]
	local := tcpAddr(n.nextLocal)
	n.nextLocal++
	n.mu.Unlock()
	if l == nil || port == 0 {
		return nil, refused
	}
	client, server := Pipe(local, l.addr)
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, refused
	case <-ctx.Done():
		return nil, &net.OpError{Op: "dial", Net: "tcp", Addr: l.addr, Err: ctx.Err()}
	}
}

// ephemeral is the first port of the dialing side's addresses.
const ephemeral = 40000

func (n *Network) remove(l *Listener) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.listeners[l.addr.Port] == l {
		delete(n.listeners, l.addr.Port)
	}
}

// parse checks network and a loopback host and returns the port.
func parse(op, network, address string) (int, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return 0, &net.OpError{Op: op, Net: network, Err: net.UnknownNetworkError(network)}
	}
	host, p, err := net.SplitHostPort(address)
	if err != nil {
		return 0, &net.OpError{Op: op, Net: network, Err: err}
	}
	switch host {
	case "127.0.0.1", "localhost", "::1", "":
	default:
		return 0, &net.OpError{Op: op, Net: network, Err: fmt.Errorf("memnet: %q is not a loopback host", host)}
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return 0, &net.OpError{Op: op, Net: network, Err: fmt.Errorf("memnet: bad port %q", p)}
	}
	return port, nil
}

func tcpAddr(port int) *net.TCPAddr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port} }

// Listener is a Network's listener (a net.Listener).
type Listener struct {
	net   *Network
	addr  *net.TCPAddr
	conns chan *Conn
	done  chan struct{}
	once  sync.Once
}

// Accept waits for the next dialed connection.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: l.addr, Err: net.ErrClosed}
	}
}

// Close frees the port and refuses the connections still in the backlog.
func (l *Listener) Close() error {
	l.once.Do(func() {
		close(l.done)
		l.net.remove(l)
		for {
			select {
			case c := <-l.conns:
				c.Close()
			default:
				return
			}
		}
	})
	return nil
}

// Addr is 127.0.0.1:PORT.
func (l *Listener) Addr() net.Addr { return l.addr }
