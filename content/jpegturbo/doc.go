// Package jpegturbo decodes and encodes JPEG pictures for the import:
// decoding at a DCT scale (1/1, 1/2, 1/4, 1/8), so a thumbnail or a
// reduced photo never costs a full-size decode, and encoding at a quality.
// On Linux with cgo it calls libjpeg-turbo's TurboJPEG API (Debian's
// libturbojpeg0); elsewhere (cgo off, the office tools cross-built for
// Windows) it uses Go's image/jpeg, which decodes at full size whatever
// scale is asked: callers take the size of the picture they get.
//
// Nothing here bounds a picture: callers read its header first and decide
// what it may cost (content/parse's budget). Decode refuses a picture
// whose header claims more pixels than its caller allowed, so the C
// library never sizes anything the caller did not count.
//
// It imports nothing from the module.
package jpegturbo
