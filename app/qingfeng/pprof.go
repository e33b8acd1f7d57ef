package main

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof" // the profiles, served only when QINGFENG_PPROF names an address
	"os"
	"strings"
)

// servePprof serves Go's profiles (heap, goroutines, CPU) on the loopback
// address in QINGFENG_PPROF (e.g. 127.0.0.1:6060), for a kiosk whose
// memory grows in the field or under build/soak.sh. Unset: nothing listens.
func servePprof(log *slog.Logger) {
	addr := os.Getenv("QINGFENG_PPROF")
	if addr == "" {
		return
	}
	if !strings.HasPrefix(addr, "127.0.0.1:") && !strings.HasPrefix(addr, "localhost:") && !strings.HasPrefix(addr, "[::1]:") {
		log.Error("QINGFENG_PPROF must be a loopback address (127.0.0.1:PORT): profiles are not for the network", "addr", addr)
		return
	}
	go func() {
		log.Info("serving Go profiles", "addr", addr)
		if err := http.ListenAndServe(addr, nil); err != nil {
			log.Error("QINGFENG_PPROF", "err", err)
		}
	}()
}
