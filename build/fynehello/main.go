// Command fynehello is the smallest Fyne kiosk window: a label and a
// button, full screen. build/bench-fyne-floor.sh measures its memory and
// start-up on the same display as the kiosk, as the floor any Fyne program
// starts from on this machine (BENCHMARKS.md, "Kiosk shell").
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	w := a.NewWindow("hello")
	label := widget.NewLabel("hello")
	n := 0
	w.SetContent(container.NewBorder(label, nil, nil, nil, widget.NewButton("tap", func() {
		n++
		label.SetText("tapped")
	})))
	w.Resize(fyne.NewSize(1920, 1080))
	w.SetFullScreen(true)
	w.ShowAndRun()
}
