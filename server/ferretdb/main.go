// Command ferretdb-embedded runs FerretDB 1.24 (a MongoDB wire-protocol server)
// for the open-government zone: SQLite in a data folder by default, or the
// PostgreSQL handler when given a postgres:// URL. It listens on loopback only,
// prints one JSON line {"ready":true,"uri":"mongodb://..."} once it accepts
// connections, and exits when its parent goes away (stdin closed or the
// process re-parented), so a crashed launcher never leaves it behind.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "loopback TCP address to listen on (port 0 picks a free port)")
	sqliteDir := flag.String("sqlite-dir", "", "folder for the SQLite databases")
	pgURL := flag.String("postgresql-url", "", "use the PostgreSQL handler with this postgres:// URL instead of SQLite")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	watchParent := flag.Bool("watch-parent", false, "exit when stdin closes or the parent process exits")
	flag.Parse()

	if err := run(*listen, *sqliteDir, *pgURL, *logLevel, *watchParent); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-embedded:", err)
		os.Exit(1)
	}
}

func run(listen, sqliteDir, pgURL, logLevel string, watchParent bool) error {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("bad --listen %q: %w", listen, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("refusing to listen on %q: only loopback addresses are allowed", host)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad --log-level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	cfg := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: listen}, Logger: logger}
	switch {
	case pgURL != "":
		if !strings.HasPrefix(pgURL, "postgres://") && !strings.HasPrefix(pgURL, "postgresql://") {
			return fmt.Errorf("--postgresql-url must start with postgres://")
		}
		cfg.Handler = "postgresql"
		cfg.PostgreSQLURL = pgURL
	case sqliteDir != "":
		abs, err := filepath.Abs(sqliteDir)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return err
		}
		cfg.Handler = "sqlite"
		cfg.SQLiteURL = "file:" + abs + "/"
	default:
		return fmt.Errorf("give --sqlite-dir or --postgresql-url")
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if watchParent {
		ctx = watchParentProcess(ctx)
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	if cfg.Handler == "sqlite" {
		go keepIDIndexes(ctx, strings.TrimSuffix(strings.TrimPrefix(cfg.SQLiteURL, "file:"), "/"), 500*time.Millisecond, logger)
	}

	// MongoDBURI waits for the listener, so the port is known once it returns.
	uri := f.MongoDBURI()
	line, _ := json.Marshal(map[string]any{"ready": true, "uri": uri, "pid": os.Getpid()})
	w := bufio.NewWriter(os.Stdout)
	_, _ = w.Write(append(line, '\n'))
	_ = w.Flush()

	return <-done
}

// watchParentProcess returns a context that ends when stdin reaches EOF or the
// process is re-parented (its parent died without closing the pipe).
func watchParentProcess(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	ppid := os.Getppid()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if os.Getppid() != ppid {
					cancel()
					return
				}
			}
		}
	}()
	return ctx
}
