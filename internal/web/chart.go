package web

import (
	"strconv"

	"github.com/sesame-platform/sesame/internal/service"
)

// bar is one bar of the dashboard's expiry chart, laid out in SVG units.
type bar struct {
	X, Y, W, H int
	Label      string // "mai 2026"
	Short      string // "mai"
	Count      int
	Text       string // "12 compte(s) expirent en mai 2026"
}

// Chart geometry: 12 bars in a 600 × 160 drawing, with room for labels.
const (
	chartWidth  = 600
	chartBars   = 160
	chartLabels = 40
)

// shortMonths are the French abbreviations of the months, as calendars
// print them.
var shortMonths = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// expiryBars lays out the admin panel's months as bars, scaled to the
// tallest; the server draws the chart, so it needs no script.
func expiryBars(p *service.AdminPanel) []bar {
	if p == nil || len(p.Months) == 0 {
		return nil
	}
	w := chartWidth / len(p.Months)
	top := max(p.MaxCount(), 1)
	out := make([]bar, len(p.Months))
	for i, m := range p.Months {
		h := m.Count * (chartBars - 20) / top
		if m.Count > 0 && h < 2 {
			h = 2
		}
		label := frenchMonths[m.Month.Month-1] + " " + strconv.Itoa(m.Month.Year)
		out[i] = bar{X: i*w + 6, Y: chartBars - h, W: w - 12, H: h, Label: label, Short: shortMonths[m.Month.Month-1],
			Count: m.Count, Text: strconv.Itoa(m.Count) + " compte(s) expirent en " + label}
	}
	return out
}
