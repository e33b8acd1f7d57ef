// bench-shell-watch: watches the X screen for build/bench-shell.sh.
//
// It copies the whole root window through MIT-SHM (a few milliseconds for
// 1920x1080, where `xwd -root` takes about 200 ms) and hashes it, in a
// loop, so the script can tell when a program first draws, when its
// picture settles, and how long after a tap the screen changes.
//
// usage: bench-shell-watch [options]
//   -t0 NS        start of the measurement, CLOCK_REALTIME in ns (`date +%s%N`);
//                 default: now (or the moment of the tap)
//   -tap X,Y      tap there first, through the XTEST extension: the pointer
//                 is moved there, 200 ms are left for hover effects to settle
//                 (and "-base now" is taken after them), then t0 is taken and
//                 the button pressed and released at once, like a quick tap.
//                 (`xdotool click` sleeps 100 ms after the release before it
//                 exits, and spends ~20 ms starting: timing from its start
//                 put ~120 ms of xdotool into every figure.)
//   -base HASH    wait for the screen to differ from HASH; "now" = what it shows now
//   -until HASH   wait for the screen to show exactly HASH
//   -stable MS    after the change, wait until the picture has not changed for MS
//   -max MS       give up MS after t0 (exit status 1)
//   -every MS     sleep MS between polls (default 8), so the watcher takes
//                 about a fifth of one core rather than all of it
//   -save PREFIX  write each distinct picture seen (at most 8) as PREFIX-MS.ppm
//   -log FILE     where -exec's program writes its output (default /dev/null)
//   -exec CMD...  (last) start CMD in the background, t0 just before, and
//                 print "pid N" first; CMD keeps running after the watcher ends
//   -hash         print the hash of the screen now and exit
//
// Output: a line "MS HASH" each time the picture changes (MS after t0, when
// the poll that saw it finished), then one line
// "end first=MS match=MS last=MS polls=N interval=MS maxinterval=MS timeout=0|1":
// first is the first poll that differs from base, match the first that
// shows until (-0.1 if none), last the time the final picture appeared.
// The watcher stops once it has seen until (or, without -until, a change
// from base) and the picture has then stayed the same for -stable ms.
#define _POSIX_C_SOURCE 200809L
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/XTest.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static Display *dpy;
static XImage *img;
static XShmSegmentInfo shm;
static Window root;

static void grab_init(void) {
	dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "bench-shell-watch: cannot open display\n");
		exit(2);
	}
	if (!XShmQueryExtension(dpy)) {
		fprintf(stderr, "bench-shell-watch: the X server has no MIT-SHM\n");
		exit(2);
	}
	int scr = DefaultScreen(dpy);
	root = RootWindow(dpy, scr);
	img = XShmCreateImage(dpy, DefaultVisual(dpy, scr), DefaultDepth(dpy, scr), ZPixmap, NULL, &shm,
		DisplayWidth(dpy, scr), DisplayHeight(dpy, scr));
	shm.shmid = shmget(IPC_PRIVATE, (size_t)img->bytes_per_line * img->height, IPC_CREAT | 0600);
	if (shm.shmid < 0) {
		perror("shmget");
		exit(2);
	}
	shm.shmaddr = img->data = shmat(shm.shmid, NULL, 0);
	shm.readOnly = False;
	XShmAttach(dpy, &shm);
	XSync(dpy, False);
	shmctl(shm.shmid, IPC_RMID, NULL); // freed when both sides detach
}

static uint64_t grab(void);

// grab copies the screen and returns a 64-bit FNV-1a hash of its pixels
// (the unused fourth byte of each 32-bit pixel masked off).
static uint64_t grab(void) {
	if (!XShmGetImage(dpy, root, img, 0, 0, AllPlanes)) {
		fprintf(stderr, "bench-shell-watch: XShmGetImage failed\n");
		exit(2);
	}
	uint64_t h = 1469598103934665603ULL;
	size_t n = (size_t)img->bytes_per_line * img->height / 8;
	const uint64_t *p = (const uint64_t *)img->data;
	uint64_t mask = img->bits_per_pixel == 32 ? 0x00FFFFFF00FFFFFFULL : ~0ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i] & mask;
		h *= 1099511628211ULL;
	}
	return h;
}

// save writes the last grabbed picture as a binary PPM.
static void save(const char *prefix, int64_t ms100) {
	char name[4096];
	snprintf(name, sizeof name, "%s-%lld.%lld.ppm", prefix, (long long)(ms100 / 10), (long long)(ms100 % 10));
	FILE *f = fopen(name, "wb");
	if (!f) {
		perror(name);
		return;
	}
	fprintf(f, "P6\n%d %d\n255\n", img->width, img->height);
	unsigned char *row = malloc((size_t)img->width * 3);
	for (int y = 0; y < img->height; y++) {
		const uint32_t *line = (const uint32_t *)(img->data + (size_t)y * img->bytes_per_line);
		for (int x = 0; x < img->width; x++) {
			unsigned long px = img->bits_per_pixel == 32 ? line[x] : XGetPixel(img, x, y);
			row[3 * x] = (px & img->red_mask) >> 16;
			row[3 * x + 1] = (px & img->green_mask) >> 8;
			row[3 * x + 2] = px & img->blue_mask;
		}
		fwrite(row, 3, img->width, f);
	}
	free(row);
	fclose(f);
}

// start runs argv in the background with its output in logfile.
static pid_t start(char **argv, const char *logfile) {
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(logfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		setpgid(0, 0); // its own process group, so the script can stop it and its children
		execvp(argv[0], argv);
		_exit(127);
	}
	printf("pid %d\n", (int)pid);
	fflush(stdout);
	return pid;
}

// tap_parse reads "X,Y".
static void tap_parse(const char *xy, int *x, int *y) {
	if (sscanf(xy, "%d,%d", x, y) != 2) {
		fprintf(stderr, "bench-shell-watch: -tap X,Y\n");
		exit(2);
	}
}

// tap_move puts the pointer at x, y and lets hover effects settle.
static void tap_move(int x, int y) {
	XTestFakeMotionEvent(dpy, -1, x, y, CurrentTime);
	XSync(dpy, False);
	struct timespec ts = {0, 200 * 1000000L};
	nanosleep(&ts, NULL);
}

// tap_press presses and releases the first button where the pointer is.
static void tap_press(void) {
	XTestFakeButtonEvent(dpy, 1, True, CurrentTime);
	XTestFakeButtonEvent(dpy, 1, False, CurrentTime);
	XSync(dpy, False);
}

int main(int argc, char **argv) {
	int64_t t0 = 0, max_ms = 10000, stable_ms = 0, every_ms = 8;
	const char *tap_at = NULL, *base_arg = NULL, *until_arg = NULL, *save_prefix = NULL, *logfile = "/dev/null";
	char **exec_argv = NULL;
	int hash_only = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "-exec")) {
			exec_argv = argv + i + 1;
			break;
		}
		if (!strcmp(a, "-hash")) {
			hash_only = 1;
			continue;
		}
		if (!v) {
			fprintf(stderr, "bench-shell-watch: %s needs a value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "-t0")) t0 = strtoll(v, NULL, 10);
		else if (!strcmp(a, "-tap")) tap_at = v;
		else if (!strcmp(a, "-base")) base_arg = v;
		else if (!strcmp(a, "-until")) until_arg = v;
		else if (!strcmp(a, "-stable")) stable_ms = strtoll(v, NULL, 10);
		else if (!strcmp(a, "-max")) max_ms = strtoll(v, NULL, 10);
		else if (!strcmp(a, "-every")) every_ms = strtoll(v, NULL, 10);
		else if (!strcmp(a, "-save")) save_prefix = v;
		else if (!strcmp(a, "-log")) logfile = v;
		else {
			fprintf(stderr, "bench-shell-watch: unknown option %s\n", a);
			return 2;
		}
	}
	grab_init();
	grab(); // the first copy faults the segment in: keep it out of the figures
	if (hash_only) {
		printf("%016llx\n", (unsigned long long)grab());
		return 0;
	}
	int tap_x = 0, tap_y = 0;
	if (tap_at) {
		int ev, err, major, minor;
		if (!XTestQueryExtension(dpy, &ev, &err, &major, &minor)) {
			fprintf(stderr, "bench-shell-watch: no XTEST extension\n");
			return 2;
		}
		tap_parse(tap_at, &tap_x, &tap_y);
		tap_move(tap_x, tap_y);
	}
	uint64_t base = 0, until = 0;
	int have_base = 0;
	if (base_arg) {
		have_base = 1;
		base = !strcmp(base_arg, "now") ? grab() : strtoull(base_arg, NULL, 16);
	}
	if (until_arg) until = strtoull(until_arg, NULL, 16);
	if (tap_at) {
		if (!t0) t0 = now_ns();
		tap_press();
	}
	if (exec_argv && *exec_argv) {
		if (!t0) t0 = now_ns();
		start(exec_argv, logfile);
	}
	if (!t0) t0 = now_ns();

	int saved = 0;
	uint64_t last_hash = 0;
	int64_t first = -1, match = -1, last = -1, prev_end = 0, max_gap = 0, sum_gap = 0;
	long polls = 0;
	int have_last = 0, timeout = 0;
	for (;;) {
		uint64_t h = grab();
		int64_t end = now_ns();
		int64_t ms100 = (end - t0) / 100000; // tenths of a millisecond
		if (polls > 0) {
			int64_t gap = end - prev_end;
			sum_gap += gap;
			if (gap > max_gap) max_gap = gap;
		}
		prev_end = end;
		polls++;
		if (!have_last || h != last_hash) {
			printf("%lld.%lld %016llx\n", (long long)(ms100 / 10), (long long)(ms100 % 10), (unsigned long long)h);
			last = ms100;
			last_hash = h;
			have_last = 1;
			if (save_prefix && saved < 8) {
				save(save_prefix, ms100);
				saved++;
			}
		}
		if (first < 0 && (!have_base || h != base)) first = ms100;
		if (match < 0 && until_arg && h == until) match = ms100;
		int done = until_arg ? match >= 0 : first >= 0;
		if (done && (ms100 - last) / 10 >= stable_ms) break;
		if ((end - t0) / 1000000 > max_ms) {
			timeout = 1;
			break;
		}
		if (every_ms > 0) {
			struct timespec d = {every_ms / 1000, (every_ms % 1000) * 1000000};
			nanosleep(&d, NULL);
		}
	}
	printf("end first=%.1f match=%.1f last=%.1f polls=%ld interval=%.1f maxinterval=%.1f timeout=%d\n", first / 10.0,
		match / 10.0, last / 10.0, polls, polls > 1 ? sum_gap / 1e6 / (polls - 1) : 0.0, max_gap / 1e6, timeout);
	XShmDetach(dpy, &shm);
	shmdt(shm.shmaddr);
	return timeout;
}
