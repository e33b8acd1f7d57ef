// Package locale gives the GUI toolkit a locale it can read when the
// system's is the C locale, before the toolkit reads it.
//
// In the C.UTF-8 locale (the default of Debian containers, many servers
// and cron) Fyne's lang package takes "C" for a language tag, fails to
// parse it, and logs three "Fyne error" lines from its package
// initialisation: in every command, even those that open no window. This
// package then sets LANGUAGE, which Fyne reads before LANG, to zh_CN: the
// kiosk's own text is Chinese anyway. A LANGUAGE already set is left alone.
//
// It must be initialised before Fyne's lang package: it imports only
// syscall, so Go's initialisation order (by import path among the packages
// whose imports are ready) runs it as soon as syscall is ready, long before
// lang, which waits for text/template. The command's tests run the built
// program in the C locale to keep that true. It may import nothing else.
package locale

import "syscall"

func init() {
	if v, _ := syscall.Getenv("LANGUAGE"); v != "" {
		return
	}
	if cLocale(effective()) {
		syscall.Setenv("LANGUAGE", "zh_CN")
	}
}

// effective is the locale messages are in: the first of LC_ALL,
// LC_MESSAGES and LANG that is set.
func effective() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v, _ := syscall.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// cLocale tells a C or POSIX locale with a codeset or modifier
// ("C.UTF-8", "POSIX@x"), which Fyne cannot parse; a bare "C" or "POSIX"
// it reads as no locale.
func cLocale(loc string) bool {
	for _, p := range []string{"C.", "C@", "POSIX.", "POSIX@"} {
		if len(loc) > len(p) && loc[:len(p)] == p {
			return true
		}
	}
	return false
}
