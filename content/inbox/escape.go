package inbox

import "qingfeng/content"

// ReportName returns s with every character that is not printable written
// as a Go string escape (content.Printable): a name taken from a package
// can then not start a line of its own, or turn the text around, in a
// report, on the staff screen or in the log.
func ReportName(s string) string { return content.Printable(s) }
