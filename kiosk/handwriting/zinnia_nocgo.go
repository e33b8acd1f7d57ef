//go:build !cgo

package handwriting

import "errors"

type zinnia struct{}

func openZinnia(string) (*zinnia, error) {
	return nil, errors.New("built without cgo: Zinnia cannot be linked")
}

func (*zinnia) classify([]Stroke, int) []string { return nil }
func (*zinnia) close()                          {}
