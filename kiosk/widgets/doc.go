// Package widgets holds the kiosk's custom Fyne widgets for one-finger use on
// a large touch screen: a finger-drag scroller, a bar chart for public
// disclosures, a QR code and a featured carousel.
package widgets
