package netcount

import (
	"context"
	"net"
	"testing"
)

func TestCounts(t *testing.T) {
	ctx, c := With(context.Background())
	client, server := net.Pipe()
	defer server.Close()
	conn := Conn(ctx, client)
	defer conn.Close()
	go func() {
		buf := make([]byte, 8)
		for range 2 {
			n, _ := server.Read(buf)
			_, _ = server.Write(buf[:n])
		}
	}()
	Connect(ctx)
	DNSQuery(ctx, 30, 100)
	buf := make([]byte, 8)
	for _, msg := range []string{"hello", "hi"} {
		if _, err := conn.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Read(buf); err != nil {
			t.Fatal(err)
		}
	}
	want := Stats{DNSQueries: 1, Connects: 1, Flights: 2, BytesSent: 30 + 7, BytesReceived: 100 + 7}
	if got := c.Stats(); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
	if got := c.Stats().RoundTrips(); got != 4 {
		t.Errorf("RoundTrips() = %d, want 4", got)
	}
}

func TestNoCounter(t *testing.T) {
	client, server := net.Pipe()
	defer server.Close()
	defer client.Close()
	if Conn(context.Background(), client) != client {
		t.Error("Conn wrapped a connection without a Counter")
	}
	Connect(context.Background()) // must not panic
}
