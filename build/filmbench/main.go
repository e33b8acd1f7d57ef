// Command filmbench plays one film with the kiosk's player (exhibits/film:
// mpv with the kiosk's options) alone, without the shell, and prints its
// first frame and the frames it dropped: the "mpv alone" side of
// BENCHMARKS.md's film figures (build/bench-films.sh).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"qingfeng/exhibits/film"
)

func main() {
	x := flag.Int("x", 0, "left of the film area, pixels")
	y := flag.Int("y", 101, "top of the film area")
	w := flag.Int("w", 1920, "width of the film area")
	h := flag.Int("h", 717, "height of the film area")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: filmbench [-x X -y Y -w W -h H] FILM")
		os.Exit(2)
	}
	file, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	r, err := film.Play(file, film.Options{X: *x, Y: *y, W: *w, H: *h, StartWithin: time.Minute})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	<-r.Ready()
	first := time.Since(start)
	<-r.Done()
	if err := r.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	st := r.Stats()
	fmt.Printf("first_frame_ms=%d dropped=%d decoder_dropped=%d\n", first.Milliseconds(), st.Dropped, st.Decoder)
}
