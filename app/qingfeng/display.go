package main

/*
#cgo pkg-config: xcb xcb-randr
#include <stdlib.h>
#include <string.h>
#include <xcb/xcb.h>
#include <xcb/randr.h>

// qf_place is where a window is on its screen, and the screen's size.
typedef struct {
	int ok;
	int root_w, root_h;
	int x, y, w, h;
	int viewable;
} qf_place;

// qf_where asks the X server where win is. XCB reports errors per request
// (Xlib's global error handler would end the process on a window that has
// gone, and GLFW resets that handler).
static qf_place qf_where(xcb_connection_t *c, uint32_t win) {
	qf_place p = {0};
	xcb_screen_t *s = xcb_setup_roots_iterator(xcb_get_setup(c)).data;
	if (s == NULL) return p;
	xcb_get_geometry_reply_t *root = xcb_get_geometry_reply(c, xcb_get_geometry(c, s->root), NULL);
	xcb_get_geometry_reply_t *g = xcb_get_geometry_reply(c, xcb_get_geometry(c, win), NULL);
	xcb_get_window_attributes_reply_t *a = xcb_get_window_attributes_reply(c, xcb_get_window_attributes(c, win), NULL);
	xcb_translate_coordinates_reply_t *t = xcb_translate_coordinates_reply(c, xcb_translate_coordinates(c, win, s->root, 0, 0), NULL);
	if (root && g && a && t) {
		p.ok = 1;
		p.root_w = root->width;
		p.root_h = root->height;
		p.x = t->dst_x;
		p.y = t->dst_y;
		p.w = g->width;
		p.h = g->height;
		p.viewable = a->map_state == XCB_MAP_STATE_VIEWABLE;
	}
	free(root);
	free(g);
	free(a);
	free(t);
	return p;
}

// qf_map maps win again (GLFW does not show a full-screen window that
// something else unmapped).
static void qf_map(xcb_connection_t *c, uint32_t win) {
	xcb_map_window(c, win);
	xcb_flush(c);
}

// qf_image is a window's pixels as the X server sent them: data points
// into reply, which is freed (free(reply)) once they are read.
typedef struct {
	void *reply;
	uint8_t *data;
	int len, depth;
} qf_image;

// qf_get_image reads win's pixels (w×h, Z pixmap). OpenGL's front buffer
// reads back black under some drivers; the X server's copy is what the
// screen shows, as a screenshot tool sees it.
static qf_image qf_get_image(xcb_connection_t *c, uint32_t win, int w, int h) {
	qf_image im = {0};
	xcb_get_image_reply_t *r = xcb_get_image_reply(c,
		xcb_get_image(c, XCB_IMAGE_FORMAT_Z_PIXMAP, win, 0, 0, w, h, ~0u), NULL);
	if (r == NULL) return im;
	im.reply = r;
	im.data = xcb_get_image_data(r);
	im.len = xcb_get_image_data_length(r);
	im.depth = r->depth;
	return im;
}
// qf_panel is the screen's size in pixels and, from the monitor (RandR's
// output info, which X fills from EDID), in millimetres.
typedef struct {
	int ok;
	int w, h;
	int mm_w, mm_h;
	char output[32];
} qf_panel;

// qf_panel_of reads the size of the root window (what a full-screen window
// covers) and the physical size of the primary output, or of the first
// one connected and lit when none is primary. mm stays 0 without RandR.
static qf_panel qf_panel_of(xcb_connection_t *c) {
	qf_panel p = {0};
	xcb_screen_t *s = xcb_setup_roots_iterator(xcb_get_setup(c)).data;
	if (s == NULL) return p;
	xcb_get_geometry_reply_t *root = xcb_get_geometry_reply(c, xcb_get_geometry(c, s->root), NULL);
	if (root == NULL) return p;
	p.ok = 1;
	p.w = root->width;
	p.h = root->height;
	free(root);
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(c, &xcb_randr_id);
	if (ext == NULL || !ext->present) return p;
	xcb_randr_query_version_reply_t *v = xcb_randr_query_version_reply(c, xcb_randr_query_version(c, 1, 3), NULL);
	if (v == NULL) return p;
	int recent = v->major_version > 1 || v->minor_version >= 3;
	free(v);
	if (!recent) return p;
	xcb_randr_output_t primary = 0;
	xcb_randr_get_output_primary_reply_t *pr = xcb_randr_get_output_primary_reply(c, xcb_randr_get_output_primary(c, s->root), NULL);
	if (pr) {
		primary = pr->output;
		free(pr);
	}
	xcb_randr_get_screen_resources_current_reply_t *res = xcb_randr_get_screen_resources_current_reply(c,
		xcb_randr_get_screen_resources_current(c, s->root), NULL);
	if (res == NULL) return p;
	xcb_randr_output_t *outs = xcb_randr_get_screen_resources_current_outputs(res);
	int n = xcb_randr_get_screen_resources_current_outputs_length(res);
	int found = 0;
	for (int i = 0; i < n; i++) {
		xcb_randr_get_output_info_reply_t *o = xcb_randr_get_output_info_reply(c,
			xcb_randr_get_output_info(c, outs[i], res->config_timestamp), NULL);
		if (o == NULL) continue;
		int lit = o->connection == XCB_RANDR_CONNECTION_CONNECTED && o->crtc != 0;
		if (lit && (!found || outs[i] == primary)) {
			found = 1;
			p.mm_w = o->mm_width;
			p.mm_h = o->mm_height;
			int len = xcb_randr_get_output_info_name_length(o);
			if (len > (int)sizeof(p.output) - 1) len = sizeof(p.output) - 1;
			memcpy(p.output, xcb_randr_get_output_info_name(o), len);
			p.output[len] = 0;
		}
		free(o);
		if (lit && outs[i] == primary) break;
	}
	free(res);
	return p;
}
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"qingfeng/kiosk/panel"
)

// A kiosk's display is switched off and on by people and by the opening
// hours, has its input changed, or is unplugged; the X server then changes
// the screen's mode and the full-screen window can be left too small,
// moved, or unmapped, showing a black or half-drawn screen until someone
// restarts the kiosk. The guard below looks every few seconds and puts the
// window back over the whole screen.

// placement is where the kiosk's window is on its screen.
type placement struct {
	rootW, rootH int
	x, y, w, h   int
	viewable     bool
}

func (p placement) String() string {
	return fmt.Sprintf("window %dx%d at %d,%d (viewable %v) on a %dx%d screen", p.w, p.h, p.x, p.y, p.viewable, p.rootW, p.rootH)
}

// covers reports whether the window fills the screen and is shown.
func (p placement) covers() bool {
	return p.viewable && p.x == 0 && p.y == 0 && p.w == p.rootW && p.h == p.rootH
}

// xWatch is a connection of its own to the X server, for questions only.
// It reconnects after the server dropped it, and never after close.
type xWatch struct {
	mu     sync.Mutex
	conn   *C.xcb_connection_t
	closed bool
}

// connLocked is the connection, made anew if needed; x.mu is held.
func (x *xWatch) connLocked() (*C.xcb_connection_t, error) {
	if x.closed {
		return nil, errors.New("the kiosk is shutting down")
	}
	if x.conn != nil && C.xcb_connection_has_error(x.conn) != 0 {
		C.xcb_disconnect(x.conn)
		x.conn = nil
	}
	if x.conn == nil {
		c := C.xcb_connect(nil, nil)
		if C.xcb_connection_has_error(c) != 0 {
			C.xcb_disconnect(c)
			return nil, errors.New("cannot connect to the X server (DISPLAY " + os.Getenv("DISPLAY") + ")")
		}
		x.conn = c
	}
	return x.conn, nil
}

func (x *xWatch) where(win uint32) (placement, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.whereLocked(win)
}

func (x *xWatch) whereLocked(win uint32) (placement, error) {
	c, err := x.connLocked()
	if err != nil {
		return placement{}, err
	}
	p := C.qf_where(c, C.uint32_t(win))
	if p.ok == 0 {
		return placement{}, fmt.Errorf("X window %#x not found", win)
	}
	return placement{rootW: int(p.root_w), rootH: int(p.root_h), x: int(p.x), y: int(p.y), w: int(p.w), h: int(p.h), viewable: p.viewable != 0}, nil
}

// capture reads what window win shows, as 8-bit RGB.
func (x *xWatch) capture(win uint32) (*image.RGBA, error) {
	x.mu.Lock()
	p, err := x.whereLocked(win)
	if err != nil {
		x.mu.Unlock()
		return nil, err
	}
	if !p.viewable || p.w <= 0 || p.h <= 0 {
		x.mu.Unlock()
		return nil, errors.New("the window is not shown")
	}
	im := C.qf_get_image(x.conn, C.uint32_t(win), C.int(p.w), C.int(p.h))
	x.mu.Unlock()
	if im.reply == nil {
		return nil, errors.New("the X server gave no picture of the window")
	}
	defer C.free(im.reply)
	// 24- and 32-bit visuals come as 4 bytes a pixel, B G R X (the byte
	// order of the little-endian machines a kiosk runs on).
	if int(im.len) != p.w*p.h*4 || (im.depth != 24 && im.depth != 32) {
		return nil, fmt.Errorf("a %d-bit picture of %d bytes for %dx%d is not one this kiosk reads", int(im.depth), int(im.len), p.w, p.h)
	}
	src := unsafe.Slice((*byte)(unsafe.Pointer(im.data)), int(im.len))
	img := image.NewRGBA(image.Rect(0, 0, p.w, p.h))
	for i := 0; i < len(src); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = src[i+2], src[i+1], src[i], 0xFF
	}
	return img, nil
}

// screenInfo is the screen's size in pixels and millimetres, and the
// name of the output the millimetres come from ("" without RandR).
type screenInfo struct {
	panel.Screen
	output string
}

// screen reads the screen's size from the X server.
func (x *xWatch) screen() (screenInfo, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	c, err := x.connLocked()
	if err != nil {
		return screenInfo{}, err
	}
	p := C.qf_panel_of(c)
	if p.ok == 0 {
		return screenInfo{}, errors.New("the X server did not say the screen's size")
	}
	return screenInfo{
		Screen: panel.Screen{Width: int(p.w), Height: int(p.h), WidthMM: int(p.mm_w), HeightMM: int(p.mm_h)},
		output: C.GoString(&p.output[0]),
	}, nil
}

// mapWindow asks the X server to show win again.
func (x *xWatch) mapWindow(win uint32) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if c, err := x.connLocked(); err == nil {
		C.qf_map(c, C.uint32_t(win))
	}
}

func (x *xWatch) close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.closed = true
	if x.conn != nil {
		C.xcb_disconnect(x.conn)
		x.conn = nil
	}
}

// guardEvery is how often the guard looks at the window.
const guardEvery = 3 * time.Second

// x11Window is w's X window id, 0 if w is not an X11 window.
func x11Window(ctx context.Context, w fyne.Window) uint32 {
	var win uint32
	found := make(chan struct{})
	fyne.Do(func() {
		if nw, ok := w.(driver.NativeWindow); ok {
			nw.RunNative(func(c any) {
				if x, ok := c.(driver.X11WindowContext); ok {
					win = uint32(x.WindowHandle)
				}
			})
		}
		close(found)
	})
	select {
	case <-found:
	case <-ctx.Done():
	}
	return win
}

// guardDisplay keeps the full-screen window w (X window win) over the
// whole screen until ctx ends: when it is not (a display switched off and
// on, a mode change), it is shown again full screen and redrawn.
// Each look also reads the screen's size: when it differs from last (first
// the one given), refit is called with it, before the window is repaired.
func guardDisplay(ctx context.Context, w fyne.Window, x *xWatch, win uint32, log *slog.Logger, last screenInfo, refit func(screenInfo)) {
	wait := guardEvery
	failing := false
	// A repair that does not take (a second screen making the X screen
	// larger than the monitor, say) is tried less and less often, and
	// logged only the first few times.
	lastBad, repairs := "", 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if now, err := x.screen(); err == nil && now != last {
			last = now
			refit(now)
		}
		p, err := x.where(win)
		if err != nil {
			if !failing {
				log.Warn("display guard: cannot see the window", "err", err)
			}
			failing = true
			continue
		}
		failing = false
		if p.covers() {
			if repairs > 0 {
				log.Info("display guard: the window covers the screen again")
			}
			lastBad, repairs, wait = "", 0, guardEvery
			continue
		}
		if bad := p.String(); bad == lastBad {
			repairs++
		} else {
			lastBad, repairs = bad, 1
		}
		switch {
		case repairs <= 3:
			log.Warn("display guard: the window does not cover the screen; showing it full screen again", "was", lastBad)
		case repairs == 4:
			log.Warn("display guard: the window still does not cover the screen; trying less often", "was", lastBad)
		}
		wait = min(guardEvery<<min(repairs-1, 7), 5*time.Minute)
		if !p.viewable {
			x.mapWindow(win)
		}
		fyne.Do(func() {
			w.Show() // a shown window is mapped again, put full screen and repainted
			w.SetFullScreen(true)
			if c := w.Content(); c != nil {
				c.Refresh()
			}
		})
	}
}

// xset runs xset with args; it says why it failed. A wedged X server
// does not hold it for ever.
func xset(args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xset", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("xset %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// quietX turns off the X server's own screen saver and power saving: the
// kiosk decides when the screen is dark (the opening hours), and X's
// default would blank it after ten minutes without a touch.
func quietX(log *slog.Logger) {
	if err := xset("s", "off", "s", "noblank", "-dpms"); err != nil {
		log.Warn("cannot turn off the X screen saver; the screen may blank by itself", "err", err)
	}
}

// displayPower switches the display off and on by DPMS, off the UI thread:
// one worker applies the latest wish in order (an off quickly followed by
// an on ends on). When DPMS is not available, the dark closed screen stays
// on instead; a failure is logged when it is new, each switch that worked
// too.
func displayPower(log *slog.Logger) func(on bool) {
	wish := make(chan bool, 1)
	var start sync.Once
	work := func() {
		lastErr := ""
		for on := range wish {
			var err error
			if on {
				// Forcing DPMS on turns its timers on too: off again, or the
				// screen would blank by itself during opening hours.
				err = errors.Join(xset("dpms", "force", "on"), xset("-dpms"), xset("s", "reset"))
			} else if err = xset("dpms", "force", "off"); err == nil {
				// xset says nothing, and exits 0, on a server without DPMS.
				out, qerr := exec.Command("xset", "q").CombinedOutput()
				if qerr != nil || !strings.Contains(string(out), "Monitor is Off") {
					err = fmt.Errorf("the display did not switch off (no DPMS on this X server?): %s", lastLine(string(out)))
				}
			}
			switch {
			case err != nil && err.Error() != lastErr:
				lastErr = err.Error()
				log.Warn("cannot switch the display by DPMS; the closed screen stays dim instead", "on", on, "err", err)
			case err == nil:
				lastErr = ""
				log.Info("display switched", "on", on)
			}
		}
	}
	return func(on bool) {
		start.Do(func() { go work() })
		for {
			select {
			case wish <- on:
				return
			default:
				select { // replace a wish not yet applied
				case <-wish:
				default:
				}
			}
		}
	}
}

// lastLine is the last non-blank line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
