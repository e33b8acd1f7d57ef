package inbox

import "qingfeng/content/durable"

// WriteFileAtomic writes data to path (mode 0600) so that a power cut
// leaves either the old file or the new one.
//
// Deprecated: use durable.WriteFile; this remains for callers not yet
// moved to it.
func WriteFileAtomic(path string, data []byte) error {
	return durable.WriteFile(path, data, 0o600)
}
