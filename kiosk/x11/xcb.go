// Package x11 keeps the kiosk's full-screen window on its screen and reads
// what the screen is and shows, by speaking to the X server: a connection
// of its own through XCB (cgo: libxcb and xcb-randr) for the window's
// placement, the screen's size in pixels and millimetres (RandR) and its
// pixels; the guard that puts a window left too small, moved or unmapped
// back over the screen; the display's power by DPMS (xset); and the
// screenshots the office receives, named by site and time, the newest kept.
// It is named for the window system it needs: the kiosk runs on a bare X
// server, and another window system would get a sibling package.
//
// It may import Fyne, kiosk/panel and content/inbox (atomic file writes);
// never content/store.
package x11

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
	"errors"
	"fmt"
	"image"
	"os"
	"sync"
	"unsafe"

	"qingfeng/kiosk/panel"
)

// Conn is a connection of its own to the X server, for questions only.
// It reconnects after the server dropped it, and never after Close.
type Conn struct {
	mu     sync.Mutex
	conn   *C.xcb_connection_t
	closed bool
}

// connLocked is the connection, made anew if needed; x.mu is held.
func (x *Conn) connLocked() (*C.xcb_connection_t, error) {
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

func (x *Conn) where(win uint32) (placement, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.whereLocked(win)
}

func (x *Conn) whereLocked(win uint32) (placement, error) {
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

// Capture reads what window win shows, as 8-bit RGB.
func (x *Conn) Capture(win uint32) (*image.RGBA, error) {
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

// ScreenInfo is the screen's size in pixels and millimetres, and the
// name of the output the millimetres come from ("" without RandR).
type ScreenInfo struct {
	panel.Screen
	Output string
}

// Screen reads the screen's size from the X server.
func (x *Conn) Screen() (ScreenInfo, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	c, err := x.connLocked()
	if err != nil {
		return ScreenInfo{}, err
	}
	p := C.qf_panel_of(c)
	if p.ok == 0 {
		return ScreenInfo{}, errors.New("the X server did not say the screen's size")
	}
	return ScreenInfo{
		Screen: panel.Screen{Width: int(p.w), Height: int(p.h), WidthMM: int(p.mm_w), HeightMM: int(p.mm_h)},
		Output: C.GoString(&p.output[0]),
	}, nil
}

// mapWindow asks the X server to show win again.
func (x *Conn) mapWindow(win uint32) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if c, err := x.connLocked(); err == nil {
		C.qf_map(c, C.uint32_t(win))
	}
}

func (x *Conn) Close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.closed = true
	if x.conn != nil {
		C.xcb_disconnect(x.conn)
		x.conn = nil
	}
}
