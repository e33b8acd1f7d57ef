// Package keyfile reads and writes the key files of qingfeng (the opinion
// office's sealing keys, the publishers' signing keys): comment lines
// starting with #, blank lines, and one line holding the key. A new key
// pair is written only where no key file is: an overwritten private key
// loses for ever what was sealed or signed with it. It imports the standard
// library and content/durable only.
package keyfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxSize bounds what is read: a key file is a few hundred bytes, and a
// mistaken path to a video must not be read whole.
const maxSize = 64 << 10

// Line returns the one line of the key file at path that is neither blank
// nor a comment. Errors about the file's content wrap errFormat; prefix
// starts every error ("seal", "sign").
func Line(prefix, path string, errFormat error) (string, error) {
	// Looked at before it is opened: opening a named pipe waits for a
	// writer, and whoever reads a key as it starts would wait forever.
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", prefix, err)
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("%s: %s: %w: not a file (%s)", prefix, path, errFormat, st.Mode().Type())
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", prefix, err) // *PathError already names the file
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return "", fmt.Errorf("%s: %s: %w", prefix, path, err)
	}
	if len(data) > maxSize {
		return "", fmt.Errorf("%s: %s: %w: file larger than %d bytes", prefix, path, errFormat, maxSize)
	}
	var key string
	// A BOM: the file was saved by Windows Notepad.
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	sc.Buffer(nil, maxSize+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if key != "" {
			return "", fmt.Errorf("%s: %s: %w: more than one key line", prefix, path, errFormat)
		}
		key = line
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("%s: %s: %w", prefix, path, err)
	}
	if key == "" {
		return "", fmt.Errorf("%s: %s: %w: the file holds no key", prefix, path, errFormat)
	}
	return key, nil
}
